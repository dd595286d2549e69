using System.Security.Cryptography.X509Certificates;
using DeltaConnect.Rest.Entities;
using DeltaConnect.Rest.Http;
using DeltaConnect.Rest.Routes;
using DeltaConnect.Rest.Security;
using DeltaConnect.Runtime.Configuration;
using DeltaConnect.Runtime.Herder;
using DeltaConnect.Sdk.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Rest;

/// <summary>
/// The worker's REST API on Kestrel: the listeners of <c>listeners</c> (http or https), authentication by API key or
/// basic credentials (<see cref="RestCredentials"/>), a body size limit, Kafka Connect's routes, and
/// <c>{"error_code", "message"}</c> for every error — unknown routes, wrong methods and bad input included.
/// </summary>
internal sealed class RestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RestServer(WebApplication app, IReadOnlyList<string> addresses)
    {
        _app = app;
        Addresses = addresses;
    }

    /// <summary>The URLs the server listens on (with the ports actually bound).</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>Every route the server maps: HTTP method and pattern (e.g. <c>GET /connectors/{name}</c>).</summary>
    public IReadOnlyList<(string Method, string Pattern)> Routes =>
    [
        .. _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/')))),
    ];

    /// <summary>Checks the security settings without starting anything (so a worker refuses to start early).</summary>
    /// <exception cref="ConfigException">When listeners, credentials or TLS settings are invalid.</exception>
    public static void Validate(WorkerConfig config)
    {
        _ = RestCredentials.From(config);
        foreach (var listener in config.GetList(WorkerConfig.Listeners).Select(RestListener.Parse).Where(l => l.Https))
        {
            _ = Certificate(config, listener);
        }
    }

    public static async Task<RestServer> StartAsync(RestContext context, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var config = context.Config;
        var credentials = RestCredentials.From(config);
        var listeners = config.GetList(WorkerConfig.Listeners).Select(RestListener.Parse).ToList();
        // No appsettings.json watching: the default content root is the working directory, and a recursive file watcher
        // there sees every write of the worker (broker segments, file sinks) when it runs in its data directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(RestServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = config.GetLong(WorkerConfig.RestRequestMaxBytes);
            foreach (var listener in listeners)
            {
                kestrel.Listen(listener.Address, listener.Port, options =>
                {
                    if (listener.Https)
                    {
                        options.UseHttps(Certificate(config, listener));
                    }
                });
            }
        });

        var app = builder.Build();
        var logger = loggers.CreateLogger("DeltaConnect.Rest");
        app.Use((http, next) => HandleErrorsAsync(http, next, logger));
        app.Use((http, next) => AuthenticateAsync(http, next, credentials));
        app.UseStatusCodePages(StatusCodePageAsync);
        app.UseRouting();

        RootRoutes.Map(app, context);
        ConnectorRoutes.Map(app, context);
        PluginRoutes.Map(app, context);
        LoggerRoutes.Map(app, context);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await app.DisposeAsync();
            throw new ConfigException(WorkerConfig.Listeners, string.Join(",", context.Config.GetList(WorkerConfig.Listeners)),
                "the address is already in use (another worker?). Choose a free one with --rest-listen host:port or listeners (port 0 picks a free port).");
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        RestLog.Listening(logger, string.Join(", ", addresses), credentials.Enabled ? "required" : "off (loopback only)");
        return new RestServer(app, addresses);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private static X509Certificate2 Certificate(WorkerConfig config, RestListener listener)
    {
        var path = config.GetString(WorkerConfig.RestTlsCertificate);
        if (string.IsNullOrEmpty(path))
        {
            throw new ConfigException(WorkerConfig.RestTlsCertificate, null, $"an https listener ({listener.Address}:{listener.Port}) needs a server certificate: a PEM file (with {WorkerConfig.RestTlsKey}) or a PKCS#12 file.");
        }

        var password = config.GetPassword(WorkerConfig.RestTlsCertificatePassword)?.Value;
        try
        {
            if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, password);
            }

            var key = config.GetString(WorkerConfig.RestTlsKey);
            return password is null
                ? X509Certificate2.CreateFromPemFile(path, string.IsNullOrEmpty(key) ? null : key)
                : X509Certificate2.CreateFromEncryptedPemFile(path, password, string.IsNullOrEmpty(key) ? null : key);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ConfigException(WorkerConfig.RestTlsCertificate, path, $"the certificate (and key) could not be loaded: {e.Message}");
        }
    }

    private static async Task HandleErrorsAsync(HttpContext http, RequestDelegate next, ILogger logger)
    {
        try
        {
            var limit = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            if (http.Request.ContentLength > limit)
            {
                throw new BadHttpRequestException("Request body too large", StatusCodes.Status413PayloadTooLarge);
            }

            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && e is not OperationCanceledException)
        {
            var (status, message) = e switch
            {
                RestException rest => (rest.StatusCode, rest.Message),
                NotFoundException => (StatusCodes.Status404NotFound, e.Message),
                ConnectorAlreadyExistsException => (StatusCodes.Status409Conflict, e.Message),
                BadRequestException or ConfigException => (StatusCodes.Status400BadRequest, e.Message),
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                    (StatusCodes.Status413PayloadTooLarge, $"Request body too large: the limit is {http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes ({WorkerConfig.RestRequestMaxBytes})."),
                BadHttpRequestException bad => (bad.StatusCode, bad.Message),
                _ => (StatusCodes.Status500InternalServerError, e.Message),
            };
            if (status >= 500)
            {
                RestLog.RequestFailed(logger, http.Request.Method, http.Request.Path, e);
            }

            await WriteErrorAsync(http, status, message);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static Task AuthenticateAsync(HttpContext http, RequestDelegate next, RestCredentials credentials)
    {
        if (!credentials.Enabled || (HttpMethods.IsGet(http.Request.Method) && http.Request.Path == RootRoutes.HealthPath))
        {
            return next(http);
        }

        var role = credentials.Authenticate(http.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, http.Request.Headers["X-Api-Key"].ToString());
        if (role is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"deltaconnect\", Basic realm=\"deltaconnect\", charset=\"UTF-8\"";
            return WriteErrorAsync(http, StatusCodes.Status401Unauthorized,
                "Authentication required: send an API key ('Authorization: Bearer <key>' or 'X-Api-Key: <key>') or basic credentials.");
        }

        if (role == RestRole.ReadOnly && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            return WriteErrorAsync(http, StatusCodes.Status403Forbidden, $"These credentials are read-only: {http.Request.Method} needs an admin key or user.");
        }

        return next(http);
    }

    private static Task StatusCodePageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var message = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"Unknown route {http.Request.Method} {http.Request.Path}: see GET /openapi.json for the routes.",
            StatusCodes.Status405MethodNotAllowed => $"Method {http.Request.Method} is not allowed on {http.Request.Path}.",
            var code => $"HTTP {code}",
        };
        return WriteErrorAsync(http, http.Response.StatusCode, message);
    }

    private static Task WriteErrorAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            // The body may be unread (too large, or refused before reading): Kestrel may then drop the connection
            // rather than drain it, so tell the client not to reuse it.
            http.Response.Headers.Connection = "close";
        }

        return http.Response.WriteAsJsonAsync(new ErrorMessage(status, message), RestJson.Options, http.RequestAborted);
    }
}
