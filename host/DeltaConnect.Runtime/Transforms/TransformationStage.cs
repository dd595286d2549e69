using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Runtime.Transforms;

/// <summary>One transform of a chain, applied only to records its predicate (possibly negated) matches.</summary>
internal sealed class TransformationStage(string alias, Transformation transformation, Predicate? predicate, bool negate) : IDisposable
{
    public string Alias { get; } = alias;

    public Type TransformationType => transformation.GetType();

    public ConnectRecord? Apply(ConnectRecord record) =>
        predicate is null || predicate.Test(record) != negate ? transformation.Apply(record) : record;

    public void Dispose()
    {
        transformation.Dispose();
        predicate?.Dispose();
    }
}
