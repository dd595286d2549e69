namespace DeltaConnect.Sdk.Processors;

/// <summary>
/// A processor task's durable key-value state, local to the task and backed by a compacted changelog topic, so it
/// is restored when the task moves to another worker. Keys and values are bytes; keys sort bytewise.
/// </summary>
public interface IKeyValueStore
{
    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    byte[]? Get(ReadOnlySpan<byte> key);

    /// <summary>Sets the value of <paramref name="key"/>.</summary>
    void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    /// <summary>Removes <paramref name="key"/>.</summary>
    void Delete(ReadOnlySpan<byte> key);

    /// <summary>Entries with <paramref name="from"/> ≤ key &lt; <paramref name="to"/> (null bounds are open), in key order.</summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[]? from, byte[]? to);
}
