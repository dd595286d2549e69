using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.TestPlugins.Faulty;

/// <summary>A connector whose constructor throws: the scan, which instantiates connectors to read their version, must skip it.</summary>
public sealed class ExplodingSourceConnector : SourceConnector
{
    public ExplodingSourceConnector() => throw new InvalidOperationException("No license key found in DELTACONNECT_LICENSE.");

    public override string Version => PluginVersion.Of(GetType());

    public override ConfigDef Config => new();

    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken) => Task.CompletedTask;

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [];

    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override SourceTask CreateTask() => throw new NotSupportedException();
}
