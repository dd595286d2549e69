namespace DeltaConnect.Protocol.Records;

/// <summary>One record of a batch, with its absolute offset and timestamp. Key, value and headers point into the batch's (decompressed) bytes.</summary>
public readonly record struct Record(
    long Offset,
    long Timestamp,
    ReadOnlyMemory<byte>? Key,
    ReadOnlyMemory<byte>? Value,
    IReadOnlyList<RecordHeader> Headers)
{
    /// <summary>True for a tombstone (null value): on a compacted topic, a delete of the key.</summary>
    public bool IsTombstone => Value is null;
}
