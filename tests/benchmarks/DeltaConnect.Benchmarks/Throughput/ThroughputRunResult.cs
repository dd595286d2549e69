namespace DeltaConnect.Benchmarks.Throughput;

/// <summary>One produce-then-consume run on a fresh topic.</summary>
/// <param name="Topic">The topic used (one partition).</param>
/// <param name="TopicCreation">How the topic came to exist: the CreateTopics API or auto-creation.</param>
internal sealed record ThroughputRunResult(
    string Topic,
    string TopicCreation,
    ProducePhaseResult Produce,
    ConsumePhaseResult Consume);
