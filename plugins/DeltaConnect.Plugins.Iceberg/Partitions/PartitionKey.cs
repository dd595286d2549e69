namespace DeltaConnect.Plugins.Iceberg.Partitions;

/// <summary>A partition tuple (canonical values, null allowed), comparable for grouping rows into files.</summary>
internal sealed class PartitionKey(IReadOnlyList<object?> values) : IEquatable<PartitionKey>
{
    public static PartitionKey Empty { get; } = new([]);

    public IReadOnlyList<object?> Values { get; } = values;

    public bool Equals(PartitionKey? other) =>
        other is not null && other.Values.Count == Values.Count && Values.Zip(other.Values).All(p => ValueEquals(p.First, p.Second));

    public override bool Equals(object? obj) => obj is PartitionKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in Values)
        {
            hash.Add(value is byte[] bytes ? Convert.ToBase64String(bytes) : value);
        }

        return hash.ToHashCode();
    }

    private static bool ValueEquals(object? a, object? b) =>
        a is byte[] x && b is byte[] y ? x.AsSpan().SequenceEqual(y) : Equals(a, b);
}
