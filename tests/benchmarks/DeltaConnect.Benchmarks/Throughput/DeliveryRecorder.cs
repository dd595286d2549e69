using System.Diagnostics;
using Confluent.Kafka;

namespace DeltaConnect.Benchmarks.Throughput;

/// <summary>
/// Collects the delivery reports of one produce phase: each message's latency (Produce call to report), the
/// time of the last report, and the first failure. Reports arrive on the producer's poll thread.
/// </summary>
internal sealed class DeliveryRecorder(int expected) : IDisposable
{
    private readonly long[] _latencyTicks = new long[expected];
    private readonly ManualResetEventSlim _allReported = new(expected == 0);
    private int _reported;
    private int _failed;
    private string? _firstFailure;
    private long _lastReportTimestamp;

    /// <summary>Messages whose delivery failed.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>The error of the first failed delivery, if any.</summary>
    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>Reports received so far.</summary>
    public int Reported => Volatile.Read(ref _reported);

    /// <summary><see cref="Stopwatch"/> timestamp of the last report.</summary>
    public long LastReportTimestamp => Volatile.Read(ref _lastReportTimestamp);

    /// <summary>Records the delivery report of message <paramref name="index"/>, produced at <paramref name="producedAt"/>.</summary>
    public void Record<TKey>(DeliveryReport<TKey, byte[]> report, int index, long producedAt)
    {
        var now = Stopwatch.GetTimestamp();
        _latencyTicks[index] = now - producedAt;
        if (report.Error.IsError && Interlocked.Increment(ref _failed) == 1)
        {
            Volatile.Write(ref _firstFailure, $"{report.Error.Code}: {report.Error.Reason}");
        }

        Volatile.Write(ref _lastReportTimestamp, now);
        if (Interlocked.Increment(ref _reported) == _latencyTicks.Length)
        {
            _allReported.Set();
        }
    }

    /// <summary>Waits until every message has been reported; false on timeout.</summary>
    public bool WaitForAll(TimeSpan timeout, CancellationToken cancellationToken) => _allReported.Wait(timeout, cancellationToken);

    /// <summary>The latency at <paramref name="quantile"/> (nearest rank), in milliseconds; call after all reports.</summary>
    public double LatencyMilliseconds(double quantile)
    {
        var sorted = _latencyTicks.Order().ToArray();
        var rank = Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[rank] * 1000.0 / Stopwatch.Frequency;
    }

    /// <inheritdoc />
    public void Dispose() => _allReported.Dispose();
}
