using DeltaConnect.Sdk.Connectors;

namespace DeltaConnect.Worker.Tests.TestPlugins;

/// <summary>The connector side of the test sources: one task, which gets the connector's own config.</summary>
public abstract class SingleTaskSourceConnector : SourceConnector
{
    private IReadOnlyDictionary<string, string> _config = new Dictionary<string, string>();

    public override string Version => "1.0";

    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        _config = config;
        return Task.CompletedTask;
    }

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [_config];

    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
