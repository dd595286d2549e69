namespace DeltaConnect.Sdk.Source;

/// <summary>
/// Reads the source offsets the runtime stored for this connector (in the offsets topic, once the records carrying
/// them were acknowledged). A source task calls it when it starts, to resume where it left off.
/// </summary>
public interface IOffsetStorageReader
{
    /// <summary>The last stored offset of <paramref name="partition"/>, or null when none was stored.</summary>
    ValueTask<IReadOnlyDictionary<string, object?>?> OffsetAsync(IReadOnlyDictionary<string, object?> partition, CancellationToken cancellationToken = default);

    /// <summary>The last stored offsets of several partitions (partitions without one are left out).</summary>
    ValueTask<IReadOnlyList<KeyValuePair<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>>>> OffsetsAsync(
        IEnumerable<IReadOnlyDictionary<string, object?>> partitions, CancellationToken cancellationToken = default);
}
