using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.TestPlugins.Faulty;

/// <summary>A transform whose constructor throws: transforms are not instantiated by the scan, so this fails when created.</summary>
public sealed class ExplodingTransform : Transformation
{
    public ExplodingTransform() => throw new InvalidOperationException("The lookup table lookup.csv is missing.");

    public override ConfigDef Config => new();

    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
    }

    public override ConnectRecord? Apply(ConnectRecord record) => record;
}
