namespace DeltaConnect.Runtime.Kafka;

/// <summary>
/// Creates Kafka clients for the runtime. Settings are Kafka client properties (librdkafka names where they differ);
/// the factory adds <c>bootstrap.servers</c> and the worker's client defaults.
/// </summary>
internal interface IKafkaClients
{
    /// <summary>A producer with the given overrides (e.g. acks, idempotence, linger).</summary>
    IRecordProducer CreateProducer(string clientId, IReadOnlyDictionary<string, string> overrides);

    /// <summary>A consumer in <paramref name="groupId"/> (null for manual assignment only).</summary>
    IRecordConsumer CreateConsumer(string clientId, string? groupId, IReadOnlyDictionary<string, string> overrides);

    /// <summary>An admin client.</summary>
    ITopicAdmin CreateAdmin();
}
