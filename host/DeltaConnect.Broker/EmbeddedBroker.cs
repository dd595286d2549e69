using System.Net;
using System.Text.Json;
using DeltaConnect.Broker.Groups;
using DeltaConnect.Broker.Handlers;
using DeltaConnect.Broker.Network;
using DeltaConnect.Broker.Producers;
using DeltaConnect.Broker.Storage;
using DeltaConnect.Broker.Topics;
using DeltaConnect.Protocol.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeltaConnect.Broker;

/// <summary>
/// A single-node, Kafka-compatible broker that keeps its data in a directory: the embedded default of
/// <c>deltaconnect standalone</c> and the bed the tests run real Kafka clients against. It is not a distributed
/// system: production deployments point at a Kafka cluster. Start it with <see cref="StartAsync"/>; dispose it to
/// stop cleanly (flush, save state, and mark the shutdown clean so the next start skips recovery).
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private const string CleanShutdownMarker = "clean-shutdown";
    private const string MetadataFile = "meta.json";

    private readonly BrokerOptions _options;
    private readonly FileStream _lock;
    private readonly TopicRegistry _topics;
    private readonly GroupCoordinator _groups;
    private readonly LogMaintenance _maintenance;
    private readonly BrokerListener _listener;
    private readonly ILogger _logger;
    private int _disposed;

    private EmbeddedBroker(BrokerOptions options, FileStream lockFile, TopicRegistry topics, GroupCoordinator groups, LogMaintenance maintenance, BrokerListener listener, string clusterId, ILogger logger)
    {
        _options = options;
        _lock = lockFile;
        _topics = topics;
        _groups = groups;
        _maintenance = maintenance;
        _listener = listener;
        ClusterId = clusterId;
        _logger = logger;
    }

    /// <summary>The port the broker listens on (useful with <see cref="BrokerOptions.ListenPort"/> 0).</summary>
    public int Port => _listener.Endpoint.Port;

    /// <summary>The <c>bootstrap.servers</c> value clients use.</summary>
    public string BootstrapServers => $"{_options.AdvertisedHost ?? _options.ListenHost}:{Port}";

    /// <summary>The cluster id reported in metadata (persisted in the data directory).</summary>
    public string ClusterId { get; }

    /// <summary>Runs retention and compaction now instead of waiting for the maintenance interval.</summary>
    internal void RunMaintenance() => _maintenance.RunOnce();

    /// <summary>
    /// Opens the data directory (recovering logs if the previous run did not stop cleanly), loads committed offsets
    /// and starts listening.
    /// </summary>
    public static async Task<EmbeddedBroker> StartAsync(BrokerOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory, nameof(options.DataDirectory));
        var time = timeProvider ?? TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("DeltaConnect.Broker");
        Directory.CreateDirectory(options.DataDirectory);

        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(options.DataDirectory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"The data directory {options.DataDirectory} is in use by another broker; give each broker its own --data-dir.", e);
        }

        var marker = Path.Combine(options.DataDirectory, CleanShutdownMarker);
        var firstStart = !Directory.Exists(Path.Combine(options.DataDirectory, "topics"));
        var clean = firstStart || File.Exists(marker);
        File.Delete(marker);
        var clusterId = LoadOrCreateClusterId(options);

        var topics = new TopicRegistry(options, logger, time);
        topics.Load(recover: !clean);
        var offsetsTopic = topics.EnsureInternalTopic(OffsetsTopicRecord.Topic, new Dictionary<string, string?>
        {
            [TopicConfigs.CleanupPolicy] = "compact",
            [TopicConfigs.SegmentBytes] = (100 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var groups = new GroupCoordinator(offsetsTopic.Partitions[0], options, logger, time);
        groups.Start();

        var maintenance = new LogMaintenance(topics, new LogCleaner(options.CleanerDedupeBufferBytes, logger, time), options.MaintenanceInterval, time, logger);
        var listenAddress = IPAddress.Parse(options.ListenHost);
        BrokerListener listener;
        try
        {
            // Port 0 asks the kernel for a free port; the advertised port is the one actually bound.
            listener = new BrokerListener(new IPEndPoint(listenAddress, options.ListenPort), options.MaxRequestBytes, logger);
            var endpoint = new BrokerEndpoint(options.NodeId, options.AdvertisedHost ?? options.ListenHost, listener.Endpoint.Port);
            var context = new BrokerContext(options, clusterId, endpoint, topics, groups, new ProducerIdAllocator(options.DataDirectory), logger, time);
            listener.Start(new RequestDispatcher(context));
            maintenance.Start();
            BrokerLog.Started(logger, options.NodeId, clusterId, listener.Endpoint.ToString(), options.DataDirectory, clean ? "clean" : "unclean: logs recovered");
            return new EmbeddedBroker(options, lockFile, topics, groups, maintenance, listener, clusterId, logger);
        }
        catch
        {
            await groups.DisposeAsync();
            topics.Dispose();
            await lockFile.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops listening, flushes and closes every log, and marks the shutdown clean.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _listener.DisposeAsync();
        await _maintenance.DisposeAsync();
        await _groups.DisposeAsync();
        _topics.Dispose();
        await File.WriteAllTextAsync(Path.Combine(_options.DataDirectory, CleanShutdownMarker), DateTimeOffset.UtcNow.ToString("O"));
        await _lock.DisposeAsync();
        BrokerLog.Stopped(_logger);
    }

    private static string LoadOrCreateClusterId(BrokerOptions options)
    {
        var path = Path.Combine(options.DataDirectory, MetadataFile);
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path));
            if (stored is not null && stored.TryGetValue("clusterId", out var id))
            {
                return id;
            }
        }

        // Kafka cluster ids are 16 random bytes in URL-safe base64 without padding (22 characters).
        var clusterId = options.ClusterId ?? Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, string> { ["clusterId"] = clusterId }));
        return clusterId;
    }
}
