using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.TestPlugins.Faulty;

/// <summary>A predicate without a public parameterless constructor: the runtime cannot create it from a config.</summary>
public sealed class ParameterizedPredicate(string topic) : Predicate
{
    public override ConfigDef Config => new();

    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
    }

    public override bool Test(ConnectRecord record) => record?.Topic == topic;
}
