using DeltaConnect.Benchmarks.Brokers;
using DeltaConnect.Benchmarks.Throughput;

namespace DeltaConnect.Benchmarks;

/// <summary>Everything measured (or why nothing was) for one broker.</summary>
internal sealed class BrokerMeasurements(string key, string displayName)
{
    private readonly List<ThroughputRunResult> _runs = [];

    /// <summary>Identifier in the JSON results.</summary>
    public string Key { get; } = key;

    /// <summary>Name in the tables.</summary>
    public string DisplayName { get; } = displayName;

    /// <summary>Measured, not available yet, or failed.</summary>
    public BrokerStatus Status { get; private set; } = BrokerStatus.Measured;

    /// <summary>Why the broker was not measured (or stopped being measured).</summary>
    public string? Reason { get; private set; }

    /// <summary>The running broker, while it runs.</summary>
    public IBenchmarkBroker? Broker { get; set; }

    /// <summary>Where the broker listened, once started.</summary>
    public BrokerEndpoint? Endpoint { get; set; }

    /// <summary>The warm-up run (not part of the summary).</summary>
    public ThroughputRunResult? Warmup { get; set; }

    /// <summary>The measured runs in order.</summary>
    public IReadOnlyList<ThroughputRunResult> Runs => _runs;

    /// <summary>Medians over the measured runs; null unless the broker was measured.</summary>
    public ThroughputSummary? Summary => Status == BrokerStatus.Measured && _runs.Count > 0 ? ThroughputSummary.Of(_runs) : null;

    /// <summary>True while the broker runs and has not failed.</summary>
    public bool IsRunning => Broker is not null && Status == BrokerStatus.Measured;

    /// <summary>Adds a measured run.</summary>
    public void Add(ThroughputRunResult run) => _runs.Add(run);

    /// <summary>Records that the broker is not measured, and why.</summary>
    public void Exclude(BrokerStatus status, string reason)
    {
        Status = status;
        Reason = reason;
    }
}
