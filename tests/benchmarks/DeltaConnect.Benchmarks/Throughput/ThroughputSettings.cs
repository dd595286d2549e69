namespace DeltaConnect.Benchmarks.Throughput;

/// <summary>
/// What one measured run does, and the client settings every broker gets (identical for all brokers except
/// each broker's <see cref="Brokers.BrokerEndpoint.ClientOverrides"/>).
/// </summary>
/// <param name="Messages">Messages produced, then consumed, per run.</param>
/// <param name="MessageBytes">Size of each message's value (random bytes; no key).</param>
internal sealed record ThroughputSettings(int Messages, int MessageBytes)
{
    /// <summary>Producer <c>linger.ms</c>: batching on.</summary>
    public const int LingerMs = 5;

    /// <summary>Producer <c>batch.size</c> in bytes (librdkafka's default, about 1 MB).</summary>
    public const int BatchSizeBytes = 1_000_000;

    /// <summary>
    /// Producer <c>queue.buffering.max.kbytes</c>: 32 MiB of unsent messages, the Java producer's default
    /// <c>buffer.memory</c>. Produce calls wait for room beyond that, which keeps the per-message latency about
    /// the broker rather than about how far ahead of it the benchmark loop ran.
    /// </summary>
    public const int ProducerBufferKilobytes = 32 * 1024;

    /// <summary>Bytes in a megabyte as reported (MB = 2^20 bytes, as Kafka's own perf tools count).</summary>
    public const double BytesPerMegabyte = 1024 * 1024;

    /// <summary>Payload bytes of one run.</summary>
    public long TotalBytes => (long)Messages * MessageBytes;
}
