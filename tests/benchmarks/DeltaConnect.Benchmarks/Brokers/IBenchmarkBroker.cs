namespace DeltaConnect.Benchmarks.Brokers;

/// <summary>A running broker the benchmark measures; disposing it stops it and removes its data.</summary>
internal interface IBenchmarkBroker : IAsyncDisposable
{
    /// <summary>Where it listens and which client settings it needs.</summary>
    BrokerEndpoint Endpoint { get; }
}
