using Confluent.Kafka;
using DeltaConnect.Runtime.Kafka;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Kafka;

/// <summary>
/// Creates Confluent.Kafka (librdkafka) clients for the runtime. <paramref name="clientDefaults"/> are Kafka client
/// properties applied to every client (from the worker config); per-client overrides win over them.
/// </summary>
internal sealed class ConfluentClients(string bootstrapServers, IReadOnlyDictionary<string, string> clientDefaults, ILoggerFactory loggerFactory) : IKafkaClients
{
    public IRecordProducer CreateProducer(string clientId, IReadOnlyDictionary<string, string> overrides)
    {
        var config = new ProducerConfig(Merge(clientId, overrides));
        return new ConfluentProducer(config, loggerFactory.CreateLogger("DeltaConnect.Kafka.Producer"));
    }

    public IRecordConsumer CreateConsumer(string clientId, string? groupId, IReadOnlyDictionary<string, string> overrides)
    {
        var settings = Merge(clientId, overrides);
        settings["group.id"] = groupId ?? $"{clientId}-reader";
        settings.TryAdd("enable.auto.commit", "false");
        settings.TryAdd("auto.offset.reset", "earliest");
        settings.TryAdd("enable.partition.eof", "false");
        return new ConfluentConsumer(new ConsumerConfig(settings), loggerFactory.CreateLogger("DeltaConnect.Kafka.Consumer"));
    }

    public ITopicAdmin CreateAdmin() =>
        new ConfluentTopicAdmin(new AdminClientConfig(Merge("deltaconnect-admin", new Dictionary<string, string>())), loggerFactory.CreateLogger("DeltaConnect.Kafka.Admin"));

    private Dictionary<string, string> Merge(string clientId, IReadOnlyDictionary<string, string> overrides)
    {
        var settings = new Dictionary<string, string>(clientDefaults, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = bootstrapServers,
            ["client.id"] = clientId,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }
}
