namespace DeltaConnect.Benchmarks.Brokers;

/// <summary>
/// A broker the benchmark measures: where it listens and the client settings it needs on top of the
/// benchmark's own (Kafka 0.9 needs the protocol version pinned; the embedded broker needs none).
/// </summary>
/// <param name="Key">Short identifier used in the JSON results, e.g. <c>kafka-0.9.0.1</c>.</param>
/// <param name="DisplayName">Name printed in the tables.</param>
/// <param name="BootstrapServers">The <c>host:port</c> clients bootstrap from.</param>
/// <param name="ClientOverrides">librdkafka properties applied to every client talking to this broker.</param>
/// <param name="HasCreateTopicsApi">
/// False for brokers older than 0.10.1 (Kafka 0.9), which create topics only on first use (auto-creation);
/// librdkafka does not fail fast there but waits for its request timeout.
/// </param>
internal sealed record BrokerEndpoint(
    string Key,
    string DisplayName,
    string BootstrapServers,
    IReadOnlyDictionary<string, string> ClientOverrides,
    bool HasCreateTopicsApi);
