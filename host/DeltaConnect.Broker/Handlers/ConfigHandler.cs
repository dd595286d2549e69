using System.Globalization;
using DeltaConnect.Broker.Topics;
using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Broker.Handlers;

/// <summary>DescribeConfigs, AlterConfigs and IncrementalAlterConfigs for topics; broker configs are read-only.</summary>
internal sealed class ConfigHandler(BrokerContext context)
{
    public DescribeConfigsResponse Describe(DescribeConfigsRequest request) =>
        new([.. request.Resources.Select(resource =>
        {
            IEnumerable<DescribeConfigsResponse.Config> configs;
            switch (resource.Type)
            {
                case ConfigResourceType.Topic when context.Topics.TryGet(resource.Name, out var topic):
                    configs = context.Topics.DescribeConfigs(topic, true);
                    break;
                case ConfigResourceType.Topic:
                    return Failed(resource.Type, resource.Name, ErrorCode.UnknownTopicOrPartition, $"Topic '{resource.Name}' does not exist.");
                case ConfigResourceType.Broker when resource.Name.Length == 0 || resource.Name == context.NodeId.ToString(CultureInfo.InvariantCulture):
                    configs = BrokerConfigs();
                    break;
                case ConfigResourceType.Broker:
                    return Failed(resource.Type, resource.Name, ErrorCode.InvalidRequest, $"Broker '{resource.Name}' is unknown; this broker's id is {context.NodeId}.");
                default:
                    return Failed(resource.Type, resource.Name, ErrorCode.InvalidRequest, $"Configs of resource type {resource.Type} are not supported.");
            }

            var keys = resource.ConfigurationKeys?.ToHashSet(StringComparer.Ordinal);
            return new DescribeConfigsResponse.Result(
                ErrorCode.None,
                null,
                resource.Type,
                resource.Name,
                [.. configs.Where(c => keys is null || keys.Contains(c.Name)).Select(c => request.IncludeSynonyms ? c : c with { Synonyms = [] })]);
        })]);

    public AlterConfigsResponse Alter(AlterConfigsRequest request) =>
        new([.. request.Resources.Select(resource =>
        {
            if (resource.Type == ConfigResourceType.Broker)
            {
                return new AlterConfigsResponse.Result(
                    ErrorCode.InvalidRequest,
                    "The embedded broker's settings are static: pass them when starting it (deltaconnect broker --help).",
                    resource.Type,
                    resource.Name);
            }

            if (resource.Type != ConfigResourceType.Topic)
            {
                return new AlterConfigsResponse.Result(ErrorCode.InvalidRequest, $"Configs of resource type {resource.Type} are not supported.", resource.Type, resource.Name);
            }

            var listOperation = resource.Configs.FirstOrDefault(c =>
                c.Operation is ConfigOperation.Append or ConfigOperation.Subtract && TopicConfigs.All.TryGetValue(c.Name, out var d) && d.Type != TopicConfigType.List);
            if (listOperation is not null)
            {
                return new AlterConfigsResponse.Result(ErrorCode.InvalidConfig, $"{listOperation.Operation} applies only to list configs; {listOperation.Name} is not a list.", resource.Type, resource.Name);
            }

            if (resource.Configs.FirstOrDefault(c => !Enum.IsDefined(c.Operation)) is { } bad)
            {
                return new AlterConfigsResponse.Result(ErrorCode.InvalidRequest, $"Config operation {(sbyte)bad.Operation} for {bad.Name} is unknown (0 set, 1 delete, 2 append, 3 subtract).", resource.Type, resource.Name);
            }

            var result = context.Topics.AlterConfigs(resource.Name, resource.Configs, request.Incremental, request.ValidateOnly);
            return new AlterConfigsResponse.Result(result.Error, result.Message, resource.Type, resource.Name);
        })]);

    private static DescribeConfigsResponse.Result Failed(ConfigResourceType type, string name, ErrorCode error, string message) =>
        new(error, message, type, name, []);

    private IEnumerable<DescribeConfigsResponse.Config> BrokerConfigs()
    {
        var options = context.Options;
        var settings = new (string Name, string Value)[]
        {
            ("node.id", options.NodeId.ToString(CultureInfo.InvariantCulture)),
            ("broker.id", options.NodeId.ToString(CultureInfo.InvariantCulture)),
            ("listeners", $"PLAINTEXT://{options.ListenHost}:{context.Endpoint.Port}"),
            ("advertised.listeners", $"PLAINTEXT://{context.Endpoint.Host}:{context.Endpoint.Port}"),
            ("log.dirs", options.DataDirectory),
            ("auto.create.topics.enable", options.AutoCreateTopics ? "true" : "false"),
            ("num.partitions", options.DefaultPartitions.ToString(CultureInfo.InvariantCulture)),
            ("socket.request.max.bytes", options.MaxRequestBytes.ToString(CultureInfo.InvariantCulture)),
            ("group.min.session.timeout.ms", options.GroupMinSessionTimeoutMs.ToString(CultureInfo.InvariantCulture)),
            ("group.max.session.timeout.ms", options.GroupMaxSessionTimeoutMs.ToString(CultureInfo.InvariantCulture)),
            ("group.initial.rebalance.delay.ms", options.GroupInitialRebalanceDelayMs.ToString(CultureInfo.InvariantCulture)),
            ("log.cleaner.dedupe.buffer.size", options.CleanerDedupeBufferBytes.ToString(CultureInfo.InvariantCulture)),
            ("log.retention.check.interval.ms", ((long)options.MaintenanceInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)),
        };
        foreach (var (name, value) in settings)
        {
            yield return new DescribeConfigsResponse.Config(name, value, ReadOnly: true, ConfigSource.StaticBrokerConfig, IsSensitive: false, []);
        }

        foreach (var definition in TopicConfigs.All.Values.Where(d => d.BrokerSynonym is not null).OrderBy(d => d.BrokerSynonym, StringComparer.Ordinal))
        {
            var set = options.TopicConfigDefaults.TryGetValue(definition.Name, out var value);
            yield return new DescribeConfigsResponse.Config(
                definition.BrokerSynonym!,
                set ? value : definition.Default,
                ReadOnly: true,
                set ? ConfigSource.StaticBrokerConfig : ConfigSource.DefaultConfig,
                IsSensitive: false,
                []);
        }
    }
}
