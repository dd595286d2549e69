using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Sink;

namespace DeltaConnect.Runtime.Tests.Isolation;

/// <summary>A built-in test connector whose version is its own, not its assembly's: the scan must ask the instance.</summary>
public sealed class CountingSinkConnector : SinkConnector
{
    public override string Version => "3.1.4";

    public override ConfigDef Config { get; } = new();

    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken) => Task.CompletedTask;

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [];

    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override SinkTask CreateTask() => throw new NotSupportedException("The scan never runs this connector.");
}
