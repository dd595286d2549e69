using DeltaConnect.Runtime.Storage;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Runtime.Tasks;

/// <summary>A connector's view of its stored source offsets.</summary>
internal sealed class StoredOffsetReader(OffsetBackingStore store, string connector) : IOffsetStorageReader
{
    public ValueTask<IReadOnlyDictionary<string, object?>?> OffsetAsync(IReadOnlyDictionary<string, object?> partition, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(store.Get(connector, partition));

    public ValueTask<IReadOnlyList<KeyValuePair<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>>>> OffsetsAsync(
        IEnumerable<IReadOnlyDictionary<string, object?>> partitions, CancellationToken cancellationToken = default)
    {
        var result = new List<KeyValuePair<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>>>();
        foreach (var partition in partitions)
        {
            if (store.Get(connector, partition) is { } offset)
            {
                result.Add(new(partition, offset));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<KeyValuePair<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>>>>(result);
    }
}
