using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeltaConnect.Broker.Storage;
using DeltaConnect.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Broker.Topics;

/// <summary>
/// The broker's topics: creation (with validation of names, partition counts, replication factors and configs),
/// deletion, partition growth and config changes, persisted as <c>topics/&lt;name&gt;/topic.json</c> next to
/// the partition logs (<c>topics/&lt;name&gt;/&lt;partition&gt;/</c>).
/// </summary>
internal sealed partial class TopicRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly Lock _changeLock = new();
    private readonly BrokerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _root;

    public TopicRegistry(BrokerOptions options, ILogger logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _root = Path.Combine(options.DataDirectory, "topics");
        Directory.CreateDirectory(_root);
    }

    public IEnumerable<Topic> All => _topics.Values;

    /// <summary>Opens every topic found in the data directory.</summary>
    public void Load(bool recover)
    {
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            var file = Path.Combine(directory, "topic.json");
            if (!File.Exists(file))
            {
                continue;
            }

            var metadata = JsonSerializer.Deserialize<TopicMetadataFile>(File.ReadAllBytes(file))
                ?? throw new InvalidDataException($"{file} is empty.");
            var name = Path.GetFileName(directory);
            var topic = new Topic(name, metadata.Id, metadata.Internal, metadata.Configs, EffectiveConfig(metadata.Configs));
            topic.Partitions = [.. Enumerable.Range(0, metadata.Partitions).Select(p => OpenPartition(topic, p, recover))];
            _topics[name] = topic;
        }

        var partitions = _topics.Values.Sum(t => t.Partitions.Count);
        BrokerLog.TopicsLoaded(_logger, _topics.Count, partitions);
    }

    public bool TryGet(string name, out Topic topic) => _topics.TryGetValue(name, out topic!);

    public PartitionLog? Partition(TopicPartition partition) =>
        _topics.TryGetValue(partition.Topic, out var topic) && partition.Partition >= 0 && partition.Partition < topic.Partitions.Count
            ? topic.Partitions[partition.Partition]
            : null;

    /// <summary>Creates the internal compacted offsets topic when missing.</summary>
    public Topic EnsureInternalTopic(string name, IReadOnlyDictionary<string, string?> configs)
    {
        if (_topics.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var result = Create(name, 1, 1, configs, validateOnly: false, isInternal: true);
        return result.Error == ErrorCode.None ? _topics[name] : throw new InvalidOperationException(result.Message);
    }

    /// <summary>Creates a topic when auto-creation is on and the name is valid; returns it, or null.</summary>
    public Topic? GetOrAutoCreate(string name)
    {
        if (_topics.TryGetValue(name, out var topic))
        {
            return topic;
        }

        if (!_options.AutoCreateTopics || ValidateName(name) is not null)
        {
            return null;
        }

        Create(name, -1, -1, new Dictionary<string, string?>(), validateOnly: false);
        return _topics.GetValueOrDefault(name);
    }

    public TopicOperationResult Create(string name, int partitions, short replicationFactor, IReadOnlyDictionary<string, string?> configs, bool validateOnly, bool isInternal = false)
    {
        if (ValidateName(name) is { } nameError)
        {
            return TopicOperationResult.Fail(ErrorCode.InvalidTopicException, nameError);
        }

        if (partitions == -1)
        {
            partitions = _options.DefaultPartitions;
        }

        if (partitions <= 0)
        {
            return TopicOperationResult.Fail(ErrorCode.InvalidPartitions, $"Number of partitions must be larger than 0 (topic {name} asked for {partitions}).");
        }

        if (replicationFactor != -1 && replicationFactor != 1)
        {
            return TopicOperationResult.Fail(
                ErrorCode.InvalidReplicationFactor,
                $"Replication factor: {replicationFactor} larger than available brokers: 1. The embedded broker is a single node; use replication factor 1 (or -1).");
        }

        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in configs)
        {
            if (TopicConfigs.Validate(key, value) is { } configError)
            {
                return TopicOperationResult.Fail(ErrorCode.InvalidConfig, configError);
            }

            if (value is not null)
            {
                overrides[key] = value.Trim();
            }
        }

        lock (_changeLock)
        {
            if (_topics.ContainsKey(name))
            {
                return TopicOperationResult.Fail(ErrorCode.TopicAlreadyExists, $"Topic '{name}' already exists.");
            }

            if (validateOnly)
            {
                return TopicOperationResult.Ok;
            }

            var topic = new Topic(name, Guid.NewGuid(), isInternal, overrides, EffectiveConfig(overrides));
            Directory.CreateDirectory(TopicDirectory(name));
            topic.Partitions = [.. Enumerable.Range(0, partitions).Select(p => OpenPartition(topic, p, recover: false))];
            Save(topic);
            _topics[name] = topic;
            if (_logger.IsEnabled(LogLevel.Information))
            {
                BrokerLog.TopicCreated(_logger, name, partitions, Describe(overrides));
            }
            return TopicOperationResult.Ok;
        }
    }

    public TopicOperationResult Delete(string name)
    {
        lock (_changeLock)
        {
            if (!_topics.TryRemove(name, out var topic))
            {
                return TopicOperationResult.Fail(ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
            }

            foreach (var partition in topic.Partitions)
            {
                partition.DeleteFiles();
            }

            Directory.Delete(TopicDirectory(name), recursive: true);
            BrokerLog.TopicDeleted(_logger, name);
            return TopicOperationResult.Ok;
        }
    }

    public TopicOperationResult CreatePartitions(string name, int count, bool validateOnly)
    {
        lock (_changeLock)
        {
            if (!_topics.TryGetValue(name, out var topic))
            {
                return TopicOperationResult.Fail(ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
            }

            if (count <= topic.Partitions.Count)
            {
                return TopicOperationResult.Fail(
                    ErrorCode.InvalidPartitions,
                    $"Topic '{name}' has {topic.Partitions.Count} partitions; the new count {count} must be larger (partitions cannot be removed).");
            }

            if (!validateOnly)
            {
                topic.Partitions = [.. topic.Partitions, .. Enumerable.Range(topic.Partitions.Count, count - topic.Partitions.Count).Select(p => OpenPartition(topic, p, recover: false))];
                Save(topic);
            }

            return TopicOperationResult.Ok;
        }
    }

    /// <summary>
    /// Applies config changes to a topic: every change is validated first, and none is applied if one is invalid.
    /// Non-incremental changes (AlterConfigs) replace all overrides.
    /// </summary>
    public TopicOperationResult AlterConfigs(string name, IReadOnlyList<AlterConfigsRequest.Config> changes, bool incremental, bool validateOnly)
    {
        lock (_changeLock)
        {
            if (!_topics.TryGetValue(name, out var topic))
            {
                return TopicOperationResult.Fail(ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
            }

            var updated = incremental ? new Dictionary<string, string>(topic.Overrides, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var change in changes)
            {
                if (!TopicConfigs.All.TryGetValue(change.Name, out var definition))
                {
                    return TopicOperationResult.Fail(ErrorCode.InvalidConfig, TopicConfigs.Validate(change.Name, change.Value)!);
                }

                var current = updated.TryGetValue(change.Name, out var v) ? v : ResolveDefault(change.Name);
                string? next = change.Operation switch
                {
                    ConfigOperation.Set => change.Value,
                    ConfigOperation.Delete => null,
                    ConfigOperation.Append when definition.Type == TopicConfigType.List =>
                        string.Join(',', Split(current).Concat(Split(change.Value)).Distinct()),
                    ConfigOperation.Subtract when definition.Type == TopicConfigType.List =>
                        string.Join(',', Split(current).Except(Split(change.Value))),
                    _ => throw new InvalidOperationException($"{change.Operation} applies only to list configs"),
                };
                if (next is not null && TopicConfigs.Validate(change.Name, next) is { } error)
                {
                    return TopicOperationResult.Fail(ErrorCode.InvalidConfig, error);
                }

                if (next is null)
                {
                    updated.Remove(change.Name);
                }
                else
                {
                    updated[change.Name] = next.Trim();
                }
            }

            if (validateOnly)
            {
                return TopicOperationResult.Ok;
            }

            topic.Overrides = updated;
            topic.Config = EffectiveConfig(updated);
            foreach (var partition in topic.Partitions)
            {
                partition.Config = topic.Config;
            }

            Save(topic);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                BrokerLog.TopicConfigChanged(_logger, name, Describe(updated));
            }
            return TopicOperationResult.Ok;
        }

        static IEnumerable<string> Split(string? list) =>
            (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Every topic config with its value and where the value comes from.</summary>
    public IEnumerable<DescribeConfigsResponse.Config> DescribeConfigs(Topic topic, bool includeSynonyms)
    {
        foreach (var definition in TopicConfigs.All.Values.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var synonyms = new List<DescribeConfigsResponse.Synonym>();
            if (topic.Overrides.TryGetValue(definition.Name, out var topicValue))
            {
                synonyms.Add(new(definition.Name, topicValue, ConfigSource.TopicConfig));
            }

            if (definition.BrokerSynonym is not null && _options.TopicConfigDefaults.TryGetValue(definition.Name, out var brokerValue))
            {
                synonyms.Add(new(definition.BrokerSynonym, brokerValue, ConfigSource.StaticBrokerConfig));
            }

            synonyms.Add(new(definition.BrokerSynonym ?? definition.Name, definition.Default, ConfigSource.DefaultConfig));
            yield return new DescribeConfigsResponse.Config(
                definition.Name,
                synonyms[0].Value,
                ReadOnly: false,
                synonyms[0].Source,
                IsSensitive: false,
                includeSynonyms ? synonyms : []);
        }
    }

    public void Dispose()
    {
        foreach (var topic in _topics.Values)
        {
            foreach (var partition in topic.Partitions)
            {
                partition.Dispose();
            }
        }
    }

    /// <summary>Kafka's topic name rules; null when valid.</summary>
    internal static string? ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "Topic name is empty.";
        }

        if (name is "." or "..")
        {
            return $"Topic name cannot be '{name}'.";
        }

        if (name.Length > 249)
        {
            return $"Topic name is {name.Length} characters long; the maximum is 249.";
        }

        return LegalName().IsMatch(name)
            ? null
            : $"Topic name '{name}' is illegal: it may contain only ASCII letters, digits, '.', '_' and '-'.";
    }

    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex LegalName();

    private string ResolveDefault(string name) =>
        _options.TopicConfigDefaults.TryGetValue(name, out var value) ? value : TopicConfigs.All[name].Default;

    private static string Describe(Dictionary<string, string> configs) => string.Join(", ", configs.Select(o => $"{o.Key}={o.Value}"));

    private LogConfig EffectiveConfig(Dictionary<string, string> overrides) =>
        LogConfig.From(name => overrides.TryGetValue(name, out var value) ? value : ResolveDefault(name));

    private string TopicDirectory(string name) => Path.Combine(_root, name);

    private PartitionLog OpenPartition(Topic topic, int partition, bool recover) =>
        PartitionLog.Open(
            Path.Combine(TopicDirectory(topic.Name), partition.ToString(CultureInfo.InvariantCulture)),
            new TopicPartition(topic.Name, partition),
            topic.Config,
            recover,
            _logger,
            _time);

    private void Save(Topic topic)
    {
        var path = Path.Combine(TopicDirectory(topic.Name), "topic.json");
        var metadata = new TopicMetadataFile(topic.Id, topic.Partitions.Count, topic.IsInternal, new Dictionary<string, string>(topic.Overrides));
        File.WriteAllBytes(path + ".tmp", JsonSerializer.SerializeToUtf8Bytes(metadata));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
