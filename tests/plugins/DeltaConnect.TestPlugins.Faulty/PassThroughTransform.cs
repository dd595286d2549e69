using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.TestPlugins.Faulty;

/// <summary>A working transform next to the broken types: it must still load.</summary>
public sealed class PassThroughTransform : Transformation
{
    public override ConfigDef Config => new();

    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
    }

    public override ConnectRecord? Apply(ConnectRecord record) => record;
}
