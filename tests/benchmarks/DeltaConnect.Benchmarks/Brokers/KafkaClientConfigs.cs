using Confluent.Kafka;

namespace DeltaConnect.Benchmarks.Brokers;

/// <summary>Client configurations for a broker: the given settings plus the broker's own overrides.</summary>
internal static class KafkaClientConfigs
{
    /// <summary>An admin client configuration (metadata requests, topic creation).</summary>
    public static AdminClientConfig Admin(BrokerEndpoint broker) =>
        WithOverrides(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }, broker);

    /// <summary>Applies the broker's client overrides to <paramref name="config"/> and returns it.</summary>
    public static T WithOverrides<T>(T config, BrokerEndpoint broker)
        where T : ClientConfig
    {
        foreach (var (key, value) in broker.ClientOverrides)
        {
            config.Set(key, value);
        }

        return config;
    }
}
