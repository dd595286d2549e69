using System.Net;
using System.Security.Cryptography;
using System.Text;
using DeltaConnect.Runtime.Configuration;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Rest.Security;

/// <summary>
/// The API keys and basic credentials the worker accepts (<c>rest.auth.api.keys</c>, <c>rest.auth.basic.users</c>),
/// each with a role. Without any, the API is open — and then only loopback listeners are allowed.
/// </summary>
internal sealed class RestCredentials
{
    private readonly List<(byte[] Key, RestRole Role)> _apiKeys = [];
    private readonly List<(byte[] User, byte[] Password, RestRole Role)> _users = [];

    private RestCredentials()
    {
    }

    public bool Enabled => _apiKeys.Count > 0 || _users.Count > 0;

    /// <exception cref="ConfigException">When an entry is malformed, or a listener is not loopback while no credentials are set.</exception>
    public static RestCredentials From(WorkerConfig config)
    {
        var credentials = new RestCredentials();
        foreach (var entry in Entries(config, WorkerConfig.RestAuthApiKeys))
        {
            var parts = entry.Split(':', 2);
            if (parts.Length != 2 || parts[1].Length == 0)
            {
                throw new ConfigException(WorkerConfig.RestAuthApiKeys, Password.Hidden, "each entry must be role:key with role admin or read-only, e.g. admin:s3cr3t,read-only:v1ew3r.");
            }

            credentials._apiKeys.Add((Encoding.UTF8.GetBytes(parts[1]), Role(parts[0], WorkerConfig.RestAuthApiKeys)));
        }

        foreach (var entry in Entries(config, WorkerConfig.RestAuthBasicUsers))
        {
            var parts = entry.Split(':', 3);
            if (parts.Length != 3 || parts[1].Length == 0 || parts[2].Length == 0)
            {
                throw new ConfigException(WorkerConfig.RestAuthBasicUsers, Password.Hidden, "each entry must be role:user:password with role admin or read-only, e.g. admin:alice:s3cr3t.");
            }

            credentials._users.Add((Encoding.UTF8.GetBytes(parts[1]), Encoding.UTF8.GetBytes(parts[2]), Role(parts[0], WorkerConfig.RestAuthBasicUsers)));
        }

        if (!credentials.Enabled)
        {
            foreach (var listener in config.GetList(WorkerConfig.Listeners))
            {
                if (!RestListener.Parse(listener).IsLoopback)
                {
                    throw new ConfigException(WorkerConfig.Listeners, listener,
                        $"the REST API serves without authentication only on loopback addresses. Set {WorkerConfig.RestAuthApiKeys} or {WorkerConfig.RestAuthBasicUsers}, or listen on 127.0.0.1.");
                }
            }
        }

        return credentials;
    }

    /// <summary>The role of a request's credentials, or null when it has none that match.</summary>
    public RestRole? Authenticate(string? authorization, string? apiKey)
    {
        if (!string.IsNullOrEmpty(apiKey))
        {
            return MatchKey(Encoding.UTF8.GetBytes(apiKey));
        }

        if (authorization is null)
        {
            return null;
        }

        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return MatchKey(Encoding.UTF8.GetBytes(authorization["Bearer ".Length..].Trim()));
        }

        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            byte[] decoded;
            try
            {
                decoded = Convert.FromBase64String(authorization["Basic ".Length..].Trim());
            }
            catch (FormatException)
            {
                return null;
            }

            var colon = Array.IndexOf(decoded, (byte)':');
            if (colon < 0)
            {
                return null;
            }

            RestRole? role = null;
            foreach (var (user, password, userRole) in _users)
            {
                // Compare every entry in full: the time taken does not say which part matched.
                var match = CryptographicOperations.FixedTimeEquals(user, decoded.AsSpan(0, colon)) & CryptographicOperations.FixedTimeEquals(password, decoded.AsSpan(colon + 1));
                if (match)
                {
                    role = userRole;
                }
            }

            return role;
        }

        return null;
    }

    private RestRole? MatchKey(byte[] presented)
    {
        RestRole? role = null;
        foreach (var (key, keyRole) in _apiKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(key, presented))
            {
                role = keyRole;
            }
        }

        return role;
    }

    private static string[] Entries(WorkerConfig config, string option) =>
        config.GetPassword(option)?.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    private static RestRole Role(string text, string option) => text.Trim().ToLowerInvariant() switch
    {
        "admin" => RestRole.Admin,
        "read-only" or "readonly" or "read" => RestRole.ReadOnly,
        _ => throw new ConfigException(option, Password.Hidden, $"unknown role '{text}': use admin or read-only."),
    };
}

/// <summary>One entry of <c>listeners</c>: scheme, address and port.</summary>
internal sealed record RestListener(bool Https, IPAddress Address, int Port, bool IsLoopback)
{
    public static RestListener Parse(string listener)
    {
        if (!Uri.TryCreate(listener, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath is not ("/" or ""))
        {
            throw new ConfigException(WorkerConfig.Listeners, listener, "expected http://host:port or https://host:port, e.g. http://127.0.0.1:8083.");
        }

        var host = uri.Host.Trim('[', ']');
        var port = uri.Port;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new RestListener(uri.Scheme == "https", IPAddress.Loopback, port, true);
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return new RestListener(uri.Scheme == "https", address, port, IPAddress.IsLoopback(address));
        }

        // A host name: listen on every interface (Kestrel binds addresses, not names).
        return new RestListener(uri.Scheme == "https", IPAddress.IPv6Any, port, false);
    }
}
