using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.TestPlugins.Json;

/// <summary>Produces its message once, serialized as JSON.</summary>
public sealed class JsonEchoSourceTask : SourceTask
{
    private string _message = "";
    private bool _sent;

    public override string Version => PluginVersion.Of(GetType());

    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        _message = config[JsonEchoSourceConnector.MessageConfig];
        return Task.CompletedTask;
    }

    public override ValueTask<IReadOnlyList<SourceRecord>> PollAsync(CancellationToken cancellationToken)
    {
        if (_sent)
        {
            return ValueTask.FromResult<IReadOnlyList<SourceRecord>>([]);
        }

        _sent = true;
        var partition = new Dictionary<string, object?> { ["echo"] = "json" };
        var offset = new Dictionary<string, object?> { ["sent"] = true };
        return ValueTask.FromResult<IReadOnlyList<SourceRecord>>([new SourceRecord(partition, offset, "json-echo", Schema.String, JsonLibrary.Serialize(new { message = _message }))]);
    }

    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
