namespace DeltaConnect.Runtime.Storage;

/// <summary>A consistent view of the config topic: connector configs, their target states and committed task configs.</summary>
internal sealed record ConfigSnapshot(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Connectors,
    IReadOnlyDictionary<string, TargetState> TargetStates,
    IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>> Tasks)
{
    public TargetState TargetState(string connector) => TargetStates.GetValueOrDefault(connector, Storage.TargetState.Started);

    public IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(string connector) => Tasks.GetValueOrDefault(connector) ?? [];
}
