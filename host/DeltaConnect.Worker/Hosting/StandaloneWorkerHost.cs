using System.Net;
using DeltaConnect.Broker;
using DeltaConnect.Kafka;
using DeltaConnect.Rest;
using DeltaConnect.Runtime.Configuration;
using DeltaConnect.Runtime.Herder;
using DeltaConnect.Runtime.Isolation;
using DeltaConnect.Runtime.Logging;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Schemas.Converters;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Worker.Hosting;

/// <summary>
/// One standalone worker: the embedded broker (unless <c>bootstrap.servers</c> is set), the config, offset and status
/// stores in their compacted topics, the plugins, the worker and its herder, and the connectors given as files. It
/// is the same code path as against a Kafka cluster — the broker is just in-process.
/// </summary>
internal sealed class StandaloneWorkerHost : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _resources = [];
    private readonly ILogger _logger;

    private StandaloneWorkerHost(ILoggerFactory loggers)
    {
        _logger = loggers.CreateLogger("DeltaConnect.Standalone");
    }

    public StandaloneHerder Herder { get; private set; } = null!;

    public EmbeddedBroker? Broker { get; private set; }

    /// <summary>The REST API server.</summary>
    public RestServer Rest { get; private set; } = null!;

    public string BootstrapServers { get; private set; } = "";

    public static async Task<StandaloneWorkerHost> StartAsync(StandaloneOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var host = new StandaloneWorkerHost(loggers);
        try
        {
            await host.StartInternalAsync(options, loggers, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Reverse order: the herder stops tasks (flushing source offsets, committing sink offsets) before the stores
        // and the broker go away.
        for (var i = _resources.Count - 1; i >= 0; i--)
        {
            await _resources[i].DisposeAsync();
        }

        _resources.Clear();
    }

    private async Task StartInternalAsync(StandaloneOptions options, ILoggerFactory baseLoggers, CancellationToken cancellationToken)
    {
        var levels = options.LogLevels ?? new LogLevelController(LogLevel.Information, new Dictionary<string, LogLevel> { ["Microsoft.AspNetCore"] = LogLevel.Warning });
        var loggers = new LevelControlledLoggerFactory(baseLoggers, levels);
        var settings = new Dictionary<string, string>(options.WorkerSettings, StringComparer.Ordinal);
        settings.TryAdd(WorkerConfig.GroupId, "deltaconnect-standalone");
        if (string.IsNullOrWhiteSpace(settings.GetValueOrDefault(WorkerConfig.StateDir)))
        {
            settings[WorkerConfig.StateDir] = Path.Combine(options.DataDirectory, "state");
        }

        // Worker settings may use config providers too (e.g. sasl.jaas.config=${file:...}); they are never stored.
        var config = new WorkerConfig(ConfigTransformer.FromWorkerSettings(settings).Transform(settings));
        RestServer.Validate(config);
        Directory.CreateDirectory(options.DataDirectory);

        BootstrapServers = config.GetString(WorkerConfig.BootstrapServers)!;
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            var (host, port) = ParseEndpoint(options.BrokerListen);
            Broker = await EmbeddedBroker.StartAsync(
                new BrokerOptions { DataDirectory = Path.Combine(options.DataDirectory, "broker"), ListenHost = host, ListenPort = port },
                loggers);
            _resources.Add(Broker);
            BootstrapServers = Broker.BootstrapServers;
            WorkerLog.EmbeddedBroker(_logger, BootstrapServers);
        }

        var plugins = PluginRegistry.Scan([PluginPath.Default, .. config.GetList(WorkerConfig.PluginPath)], [typeof(JsonConverter).Assembly, .. options.ExtraBuiltinAssemblies], loggers.CreateLogger("DeltaConnect.Plugins"));
        foreach (var error in plugins.Errors)
        {
            WorkerLog.PluginSkipped(_logger, error.Location, error.Message);
        }

        // Security settings of the worker config apply to every client, as in Kafka Connect.
        var clientDefaults = config.Originals
            .Where(p => p.Key.StartsWith("security.", StringComparison.Ordinal) || p.Key.StartsWith("sasl.", StringComparison.Ordinal) || p.Key.StartsWith("ssl.", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var clients = new ConfluentClients(BootstrapServers, clientDefaults, loggers);
        var storeLogger = loggers.CreateLogger("DeltaConnect.Storage");
        var configs = new ConfigBackingStore(clients, config.GetString(WorkerConfig.ConfigStorageTopic)!, config.GetShort(WorkerConfig.ConfigStorageReplicationFactor), storeLogger);
        var offsets = new OffsetBackingStore(clients, config.GetString(WorkerConfig.OffsetStorageTopic)!, config.GetInt(WorkerConfig.OffsetStoragePartitions), config.GetShort(WorkerConfig.OffsetStorageReplicationFactor), storeLogger);
        var statuses = new StatusBackingStore(clients, config.GetString(WorkerConfig.StatusStorageTopic)!, config.GetInt(WorkerConfig.StatusStoragePartitions), config.GetShort(WorkerConfig.StatusStorageReplicationFactor), storeLogger);
        await configs.StartAsync(cancellationToken);
        _resources.Add(configs);
        await offsets.StartAsync(cancellationToken);
        _resources.Add(offsets);
        await statuses.StartAsync(cancellationToken);
        _resources.Add(statuses);

        var workerId = WorkerId(config);
        var worker = new Runtime.Herder.Worker(workerId, config, plugins, clients, offsets, statuses, loggers, TimeProvider.System);
        Herder = new StandaloneHerder(worker, configs, offsets, statuses, config, loggers.CreateLogger("DeltaConnect.Herder"), TimeProvider.System);
        _resources.Add(Herder);

        // Serving before the stored connectors start: /health answers 503 until they have.
        Rest = await RestServer.StartAsync(new RestContext(Herder, config, levels, ct => ClusterIdAsync(clients, ct)), loggers, cancellationToken);
        _resources.Add(Rest);
        await Herder.StartAsync(cancellationToken);

        foreach (var file in options.ConnectorFiles)
        {
            var (name, connectorConfig) = ConfigFiles.ReadConnector(file);
            var created = await Herder.PutConnectorConfigAsync(name, connectorConfig, allowReplace: true, initialState: null, cancellationToken);
            WorkerLog.ConnectorFromFile(_logger, name, file, created ? "created" : "updated");
        }

        WorkerLog.GarbageCollector(
            _logger,
            System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            YoungGenerationBudget.Current() ?? "runtime default");
        WorkerLog.Started(_logger, workerId, BootstrapServers, plugins.Plugins.Count);
    }

    private static async Task<string?> ClusterIdAsync(ConfluentClients clients, CancellationToken cancellationToken)
    {
        try
        {
            using var admin = clients.CreateAdmin();
            return await admin.ClusterIdAsync(cancellationToken);
        }
        catch (Confluent.Kafka.KafkaException)
        {
            return null;
        }
    }

    private static string WorkerId(WorkerConfig config)
    {
        var listeners = config.GetList(WorkerConfig.Listeners);
        var listener = listeners.Count > 0 ? listeners[0] : "http://127.0.0.1:8083";
        return Uri.TryCreate(listener, UriKind.Absolute, out var uri) ? $"{uri.Host}:{uri.Port}" : listener;
    }

    private static (string Host, int Port) ParseEndpoint(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon > 0 && IPAddress.TryParse(value[..colon].Trim('[', ']'), out _) &&
            int.TryParse(value[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535)
        {
            return (value[..colon].Trim('[', ']'), port);
        }

        throw new Sdk.Errors.ConfigException("--broker-listen", value, "expected an IP address and port such as 127.0.0.1:9092.");
    }
}
