using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.TestPlugins.Json;

/// <summary>
/// Compiled into both JSON test plugins, so the same type name exists in two plugin directories at two versions. Its
/// task configs say which Newtonsoft.Json it loaded and carry the message serialized with it.
/// </summary>
[PluginAlias("json-echo")]
public sealed class JsonEchoSourceConnector : SourceConnector
{
    public const string MessageConfig = "message";

    private string _message = "";

    public override string Version => PluginVersion.Of(GetType());

    public override ConfigDef Config { get; } = new ConfigDef()
        .Define(MessageConfig, ConfigType.String, "hello", Importance.High, "The message every task echoes as JSON.");

    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        _message = config.TryGetValue(MessageConfig, out var message) ? message : "hello";
        return Task.CompletedTask;
    }

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) =>
    [
        new Dictionary<string, string>
        {
            [MessageConfig] = _message,
            ["json"] = JsonLibrary.Serialize(new { message = _message, plugin = Version }),
            ["json.library.version"] = JsonLibrary.Version,
            ["json.library.location"] = JsonLibrary.Location,
        },
    ];

    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override SourceTask CreateTask() => new JsonEchoSourceTask();
}
