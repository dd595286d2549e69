using DeltaConnect.Rest.Entities;
using DeltaConnect.Rest.Http;
using DeltaConnect.Runtime.Herder;
using DeltaConnect.Runtime.Isolation;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeltaConnect.Rest.Routes;

/// <summary><c>/connector-plugins</c>: the installed plugins, a connector's option definitions, and config validation.</summary>
internal static class PluginRoutes
{
    private static readonly PluginKind[] ConnectorKinds = [PluginKind.Source, PluginKind.Sink, PluginKind.Processor];

    public static void Map(IEndpointRouteBuilder app, RestContext context)
    {
        var herder = context.Herder;
        var plugins = herder.Worker.Plugins;

        app.MapGet("/connector-plugins", (HttpContext http) =>
        {
            var text = http.Request.Query["connectorsOnly"].ToString();
            var connectorsOnly = text.Length == 0 || (bool.TryParse(text, out var parsed)
                ? parsed
                : throw new RestException(StatusCodes.Status400BadRequest, $"Query parameter connectorsOnly must be true or false, not '{text}'."));
            var list = plugins.Plugins
                .Where(p => !connectorsOnly || ConnectorKinds.Contains(p.Kind))
                .OrderBy(p => p.Kind).ThenBy(p => p.TypeName, StringComparer.Ordinal).ThenBy(p => p.Version, StringComparer.Ordinal)
                .Select(p => new PluginInfo(p.TypeName, TypeName(p.Kind), p.Version))
                .Distinct()
                .ToList();
            return ConnectorRoutes.Json(list);
        });

        app.MapGet("/connector-plugins/{plugin}/config", (string plugin) =>
            ConnectorRoutes.Json(herder.Validator.Definition(Connector(plugins, plugin)).Select(KeyInfo).ToList()));

        app.MapPut("/connector-plugins/{plugin}/config/validate", async (HttpContext http, string plugin) =>
        {
            var descriptor = Connector(plugins, plugin);
            var body = RequestBody.Config(await RequestBody.ReadAsync(http.Request, http.RequestAborted), "The connector config", allowNull: false)
                .ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
            if (body.TryGetValue(Runtime.Configuration.ConnectorConfig.ConnectorClass, out var named) &&
                (!plugins.TryResolve(descriptor.Kind, named, out var other) || other.TypeName != descriptor.TypeName))
            {
                throw new RestException(StatusCodes.Status400BadRequest, $"Included connector type {named} does not match request type {plugin}");
            }

            body[Runtime.Configuration.ConnectorConfig.ConnectorClass] = descriptor.TypeName;
            ConfigInfos infos;
            try
            {
                infos = await herder.Validator.ValidateAsync(body, http.RequestAborted);
            }
            catch (ConfigException e)
            {
                throw new RestException(StatusCodes.Status400BadRequest, Secrets.Scrub(e.Message, body, herder.Validator.SecretKeys(body)));
            }

            var secrets = herder.Validator.SecretKeys(body);
            return ConnectorRoutes.Json(new ConfigInfosEntity(infos.Name, infos.ErrorCount, infos.Groups, [.. infos.Configs.Select(c => new ConfigInfoEntry(
                KeyInfo(c.Definition),
                new ConfigValueInfo(
                    c.Value.Name,
                    c.Definition.Type == ConfigType.Password || secrets.Contains(c.Value.Name) ? (c.Value.Value is null ? null : Password.Hidden) : Format(c.Definition.Type, c.Value.Value),
                    [.. c.Value.RecommendedValues.Select(v => Format(c.Definition.Type, v) ?? "")],
                    [.. c.Value.ErrorMessages.Select(m => Secrets.Scrub(m, body, secrets))],
                    c.Value.Visible)))]));
        });
    }

    private static PluginDescriptor Connector(PluginRegistry plugins, string name)
    {
        foreach (var kind in ConnectorKinds)
        {
            if (plugins.TryResolve(kind, name, out var descriptor))
            {
                return descriptor;
            }
        }

        throw new RestException(StatusCodes.Status404NotFound, $"Unknown connector plugin {name}: GET /connector-plugins lists the installed ones.");
    }

    private static ConfigKeyInfo KeyInfo(ConfigKey key) => new(
        key.Name,
        key.Type.ToString().ToUpperInvariant(),
        !key.HasDefault,
        key.HasDefault ? Format(key.Type, key.DefaultValue) : null,
        key.Importance.ToString().ToUpperInvariant(),
        key.Documentation,
        key.Group,
        key.OrderInGroup,
        key.Width.ToString().ToUpperInvariant(),
        key.DisplayName,
        key.Dependents);

    private static string? Format(ConfigType type, object? value) => value switch
    {
        string text when type == ConfigType.Password => text.Length == 0 ? text : Password.Hidden,
        _ => ConfigDef.FormatValue(type, value),
    };

    private static string TypeName(PluginKind kind) => kind switch
    {
        PluginKind.HeaderConverter => "header_converter",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
