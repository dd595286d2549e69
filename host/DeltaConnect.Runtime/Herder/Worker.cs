using System.Collections.Concurrent;
using DeltaConnect.Runtime.Configuration;
using DeltaConnect.Runtime.Errors;
using DeltaConnect.Runtime.Isolation;
using DeltaConnect.Runtime.Kafka;
using DeltaConnect.Runtime.Processors;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Runtime.Tasks;
using DeltaConnect.Runtime.Transforms;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Converters;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Transforms;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Herder;

/// <summary>
/// Runs connector and task instances on this process: creates them from plugins, wires converters, transforms,
/// error handling and Kafka clients into task runners, and reports lifecycle changes to the status store and to the
/// herder (through <see cref="TaskFailed"/>).
/// </summary>
internal sealed class Worker : ITaskStatusListener, IAsyncDisposable
{
    private static readonly PluginKind[] ConnectorKinds = [PluginKind.Source, PluginKind.Sink, PluginKind.Processor];

    /// <summary>How much longer than the graceful timeout closing the worker waits for abandoned tasks.</summary>
    private static readonly TimeSpan AbandonedTaskGrace = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Connector> _connectors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _resolvedConfigs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ConnectorTaskId, WorkerTask> _tasks = new();
    private readonly ConcurrentDictionary<WorkerTask, byte> _abandoned = new();
    private readonly WorkerConfig _config;
    private readonly PluginRegistry _plugins;
    private readonly IKafkaClients _clients;
    private readonly OffsetBackingStore _offsets;
    private readonly StatusBackingStore _statuses;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly bool _topicTracking;

    public Worker(string workerId, WorkerConfig config, PluginRegistry plugins, IKafkaClients clients, OffsetBackingStore offsets, StatusBackingStore statuses, ILoggerFactory loggers, TimeProvider time)
    {
        WorkerId = workerId;
        _config = config;
        _plugins = plugins;
        _clients = clients;
        _offsets = offsets;
        _statuses = statuses;
        _loggers = loggers;
        _logger = loggers.CreateLogger("DeltaConnect.Worker");
        _time = time;
        ConfigTransformer = ConfigTransformer.FromWorkerSettings(config.Originals);
        _topicTracking = config.GetBoolean(WorkerConfig.TopicTrackingEnable);
    }

    /// <summary>Resolves <c>${provider:...}</c> variables in configs when connectors and tasks start.</summary>
    public ConfigTransformer ConfigTransformer { get; }

    /// <summary>Raised when a task fails (the herder decides about restarting it).</summary>
    public event Action<ConnectorTaskId, Exception>? TaskFailed;

    public string WorkerId { get; }

    public PluginRegistry Plugins => _plugins;

    public IKafkaClients Clients => _clients;

    public IReadOnlyCollection<ConnectorTaskId> RunningTasks => [.. _tasks.Keys];

    public WorkerTask? FindTask(ConnectorTaskId id) => _tasks.GetValueOrDefault(id);

    /// <summary>The kind of connector a config names (source, sink or processor).</summary>
    public PluginDescriptor ResolveConnector(IReadOnlyDictionary<string, string> config)
    {
        var className = config.GetValueOrDefault(ConnectorConfig.ConnectorClass)
            ?? throw new ConfigException(ConnectorConfig.ConnectorClass, null, "every connector config needs connector.class: the connector's type name, simple name, or simple name without 'Connector'.");
        foreach (var kind in ConnectorKinds)
        {
            if (_plugins.TryResolve(kind, className, out var descriptor))
            {
                return descriptor;
            }
        }

        throw new ConfigException(ConnectorConfig.ConnectorClass, className,
            $"no installed connector has that name. Installed connectors: {string.Join(", ", _plugins.Plugins.Where(p => ConnectorKinds.Contains(p.Kind)).Select(p => p.SimpleName).Distinct().Order(StringComparer.Ordinal))}.");
    }

    /// <summary>Creates and starts a connector instance; returns false (status FAILED) when it cannot start.</summary>
    public async Task<bool> StartConnectorAsync(string name, IReadOnlyDictionary<string, string> config, TargetState state, Action<string> requestReconfiguration, CancellationToken cancellationToken)
    {
        if (state == TargetState.Stopped)
        {
            await PutStatusAsync(name, WorkerState.Stopped, null, cancellationToken);
            return true;
        }

        try
        {
            var descriptor = ResolveConnector(config);
            var resolved = ConfigTransformer.Transform(config);
            var connector = _plugins.Create<Connector>(descriptor);
            connector.Initialize(new ConnectorContext(
                name,
                requestReconfiguration,
                (connectorName, error) => _ = PutStatusAsync(connectorName, WorkerState.Failed, error.ToString(), CancellationToken.None),
                descriptor.Kind == PluginKind.Source ? new StoredOffsetReader(_offsets, name) : null));
            await connector.StartAsync(resolved, cancellationToken);
            _resolvedConfigs[name] = resolved;
            _connectors[name] = connector;
            await PutStatusAsync(name, state == TargetState.Paused ? WorkerState.Paused : WorkerState.Running, null, cancellationToken);
            RuntimeLog.ConnectorStarted(_logger, name, descriptor.TypeName);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RuntimeLog.ConnectorFailed(_logger, name, e);
            await PutStatusAsync(name, WorkerState.Failed, e.ToString(), cancellationToken);
            return false;
        }
    }

    /// <summary>The connector's task configs for its tasks.max.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(string name, IReadOnlyDictionary<string, string> config)
    {
        if (!_connectors.TryGetValue(name, out var connector))
        {
            return [];
        }

        var parsed = new ConnectorConfig(config);
        var generated = connector.TaskConfigs(parsed.GetInt(ConnectorConfig.TasksMax));
        // Task configs go to the config topic: put the variables back in place of resolved secrets.
        return _resolvedConfigs.TryGetValue(name, out var resolved) ? ConfigTransformer.ReverseTransform(config, resolved, generated) : generated;
    }

    public async Task StopConnectorAsync(string name, CancellationToken cancellationToken)
    {
        _resolvedConfigs.TryRemove(name, out _);
        if (_connectors.TryRemove(name, out var connector))
        {
            try
            {
                await connector.StopAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                RuntimeLog.ConnectorStopFailed(_logger, name, e);
            }
        }
    }

    public bool IsConnectorRunning(string name) => _connectors.ContainsKey(name);

    /// <summary>Creates and starts a task; a task that cannot even be built fails (status FAILED) at once.</summary>
    public async Task StartTaskAsync(ConnectorTaskId id, IReadOnlyDictionary<string, string> connectorConfig, IReadOnlyDictionary<string, string> taskConfig, TargetState state, CancellationToken cancellationToken)
    {
        await StopTaskAsync(id);
        try
        {
            var task = await BuildTaskAsync(id, connectorConfig, taskConfig, cancellationToken);
            _tasks[id] = task;
            task.Start(state);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            OnFailure(id, e);
        }
    }

    public async Task StopTaskAsync(ConnectorTaskId id)
    {
        if (!_tasks.TryRemove(id, out var task))
        {
            return;
        }

        if (await task.StopAsync(TimeSpan.FromMilliseconds(_config.GetLong(WorkerConfig.TaskShutdownGracefulTimeoutMs))))
        {
            task.Dispose();
            return;
        }

        // Abandoned, as Kafka Connect does: the worker goes on without it, but the task still runs its shutdown (commits
        // offsets, writes its status) through this worker's stores, so it is tracked until its loop ends and the stores
        // are not closed under it (see DisposeAsync).
        _abandoned[task] = 0;
        _ = task.Completion.ContinueWith(
            completed =>
            {
                if (_abandoned.TryRemove(task, out _))
                {
                    task.Dispose();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public void SetTargetState(string connector, TargetState state)
    {
        foreach (var (id, task) in _tasks)
        {
            if (id.Connector == connector)
            {
                task.Transition(state);
            }
        }

        _ = PutStatusAsync(connector, state == TargetState.Paused ? WorkerState.Paused : WorkerState.Running, null, CancellationToken.None);
    }

    public Task PutStatusAsync(string connector, WorkerState state, string? trace, CancellationToken cancellationToken) =>
        Guard(_statuses.PutAsync(connector, new StatusRecord(state, trace, WorkerId, 0), cancellationToken));

    public Task PutStatusAsync(ConnectorTaskId task, WorkerState state, string? trace, CancellationToken cancellationToken) =>
        Guard(_statuses.PutAsync(task, new StatusRecord(state, trace, WorkerId, 0), cancellationToken));

    public void OnStartup(ConnectorTaskId task) => _ = PutStatusAsync(task, WorkerState.Running, null, CancellationToken.None);

    public void OnPause(ConnectorTaskId task) => _ = PutStatusAsync(task, WorkerState.Paused, null, CancellationToken.None);

    public void OnResume(ConnectorTaskId task) => _ = PutStatusAsync(task, WorkerState.Running, null, CancellationToken.None);

    public void OnFailure(ConnectorTaskId task, Exception error)
    {
        _ = PutStatusAsync(task, WorkerState.Failed, error.ToString(), CancellationToken.None);
        TaskFailed?.Invoke(task, error);
    }

    public void OnShutdown(ConnectorTaskId task)
    {
        // A stopped task's status is set by whoever stopped it (unassigned, restarting, or removed with its connector).
    }

    public int ActiveTopicsVersion => _statuses.ActiveTopicsVersion;

    public void OnTopicUsed(ConnectorTaskId task, string topic)
    {
        if (_topicTracking)
        {
            _ = Guard(_statuses.PutActiveTopicAsync(task.Connector, task.Task, topic, _time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_tasks.Keys.ToList().Select(StopTaskAsync));
        foreach (var name in _connectors.Keys.ToList())
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await StopConnectorAsync(name, timeout.Token);
        }

        // The caller closes the offset and status stores next: tasks abandoned by a stop still write to them (a closed
        // producer underneath a write is a crash of the whole process in librdkafka, not an exception). Give them a last,
        // bounded while to end.
        if (_abandoned.Keys.ToList() is { Count: > 0 } abandoned)
        {
            var grace = TimeSpan.FromMilliseconds(_config.GetLong(WorkerConfig.TaskShutdownGracefulTimeoutMs)) + AbandonedTaskGrace;
            try
            {
                await Task.WhenAll(abandoned.Select(t => t.Completion)).WaitAsync(grace);
            }
            catch (TimeoutException)
            {
                RuntimeLog.AbandonedTasksStillRunning(_logger, abandoned.Count(t => !t.Completion.IsCompleted), grace.TotalMilliseconds);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Their failures were reported by the tasks themselves.
            }
        }
    }

    private async Task Guard(Task write)
    {
        try
        {
            await write;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            RuntimeLog.StatusWriteFailed(_logger, e.Message);
        }
    }

    private async Task<WorkerTask> BuildTaskAsync(ConnectorTaskId id, IReadOnlyDictionary<string, string> storedConnectorConfig, IReadOnlyDictionary<string, string> storedTaskConfig, CancellationToken cancellationToken)
    {
        // Secrets are resolved here, at task start, and live only in this task's memory.
        var connectorConfig = ConfigTransformer.Transform(storedConnectorConfig);
        var taskConfig = ConfigTransformer.Transform(storedTaskConfig);
        var descriptor = ResolveConnector(connectorConfig);
        var template = _plugins.Create<Connector>(descriptor);
        var logger = _loggers.CreateLogger($"DeltaConnect.Task.{id}");
        var converters = CreateConverters(connectorConfig);
        var flushInterval = TimeSpan.FromMilliseconds(_config.GetLong(WorkerConfig.OffsetFlushIntervalMs));
        switch (template)
        {
            case SourceConnector source:
            {
                var config = new ConnectorConfig(connectorConfig);
                var errors = await CreateErrorHandlingAsync(id, config, logger, cancellationToken);
                var producer = _clients.CreateProducer($"connector-producer-{id}", Overrides(config, "producer.", ProducerDefaults()));
                return new WorkerSourceTask(id, source.CreateTask(), taskConfig, converters, CreateTransforms(config), errors, producer, _offsets,
                    flushInterval, TimeSpan.FromMilliseconds(_config.GetLong(WorkerConfig.OffsetFlushTimeoutMs)), this, _time, logger);
            }

            case SinkConnector sink:
            {
                var config = new SinkConnectorConfig(connectorConfig);
                var errors = await CreateErrorHandlingAsync(id, config, logger, cancellationToken);
                var consumer = _clients.CreateConsumer($"connector-consumer-{id}", $"connect-{config.ConnectorName}", Overrides(config, "consumer.", new Dictionary<string, string>()));
                var topics = config.GetList(SinkConnectorConfig.Topics);
                var pattern = config.TopicPattern;
                return new WorkerSinkTask(id, sink.CreateTask(), taskConfig, converters, CreateTransforms(config), errors, consumer,
                    c =>
                    {
                        if (pattern is not null)
                        {
                            c.Subscribe(pattern);
                        }
                        else
                        {
                            c.Subscribe(topics);
                        }

                        return topics;
                    },
                    flushInterval, this, _time, logger);
            }

            case ProcessorConnector processor:
            {
                var config = new ProcessorConnectorConfig(connectorConfig);
                var errors = await CreateErrorHandlingAsync(id, config, logger, cancellationToken);
                var consumer = _clients.CreateConsumer($"connector-consumer-{id}", $"connect-{config.ConnectorName}", Overrides(config, "consumer.", new Dictionary<string, string>()));
                var producer = _clients.CreateProducer($"connector-producer-{id}", Overrides(config, "producer.", ProducerDefaults()));
                var topics = config.GetList(SinkConnectorConfig.Topics);
                var pattern = config.TopicPattern;
                return new WorkerProcessorTask(id, processor.CreateTask(), taskConfig, converters, CreateTransforms(config), errors, consumer,
                    c =>
                    {
                        if (pattern is not null)
                        {
                            c.Subscribe(pattern);
                        }
                        else
                        {
                            c.Subscribe(topics);
                        }
                    },
                    producer, _clients,
                    new WorkerProcessorTask.ChangelogSettings(config.ConnectorName, config.ChangelogTopic, config.GetShort(ProcessorConnectorConfig.StateChangelogReplicationFactor)),
                    StateDirectory,
                    TimeSpan.FromMilliseconds(config.GetLong(ProcessorConnectorConfig.CommitIntervalMs)),
                    this, _time, logger);
            }

            default:
                throw new ConnectException($"Connector type {descriptor.TypeName} ({descriptor.Kind}) cannot run tasks on this worker.");
        }
    }

    /// <summary>Where processor tasks keep their local state.</summary>
    private string StateDirectory => _config.GetString(WorkerConfig.StateDir) is { Length: > 0 } dir
        ? dir
        : Path.Combine(Path.GetTempPath(), "deltaconnect-state");

    private static Dictionary<string, string> ProducerDefaults() => new()
    {
        ["acks"] = "all",
        ["enable.idempotence"] = "true",
        ["linger.ms"] = "5",
        // The Java client's partitioner, so a keyed record lands on the partition Kafka Connect would choose.
        ["partitioner"] = "murmur2_random",
    };

    /// <summary>Worker client settings under <paramref name="prefix"/>, then the connector's <c>&lt;prefix&gt;override.*</c>.</summary>
    private Dictionary<string, string> Overrides(ConnectorConfig config, string prefix, Dictionary<string, string> defaults)
    {
        foreach (var (key, value) in _config.ClientSettings(prefix))
        {
            defaults[key] = value;
        }

        foreach (var (key, value) in config.OriginalsWithPrefix(prefix + "override."))
        {
            defaults[key] = value;
        }

        return defaults;
    }

    private async Task<RetryWithToleranceOperator> CreateErrorHandlingAsync(ConnectorTaskId id, ConnectorConfig config, ILogger logger, CancellationToken cancellationToken)
    {
        var metrics = new ErrorHandlingMetrics();
        var reporters = new List<IErrorReporter>();
        if (config.GetBoolean(ConnectorConfig.ErrorsLogEnable))
        {
            reporters.Add(new LogReporter(id, config.GetBoolean(ConnectorConfig.ErrorsLogIncludeMessages), metrics, logger));
        }

        if (config.GetString(ConnectorConfig.DlqTopic) is { Length: > 0 } dlq)
        {
            reporters.Add(await DeadLetterQueueReporter.CreateAsync(
                _clients, dlq, config.GetShort(ConnectorConfig.DlqReplicationFactor), config.GetBoolean(ConnectorConfig.DlqContextHeaders), id, metrics, cancellationToken));
        }

        return new RetryWithToleranceOperator(config, reporters, metrics, _time, logger);
    }

    private ConverterSet CreateConverters(IReadOnlyDictionary<string, string> connectorConfig) => new(
        CreateConverter<Converter>(connectorConfig, ConnectorConfig.KeyConverter, WorkerConfig.KeyConverter, PluginKind.Converter, (c, s) => c.Configure(s, isKey: true)),
        CreateConverter<Converter>(connectorConfig, ConnectorConfig.ValueConverter, WorkerConfig.ValueConverter, PluginKind.Converter, (c, s) => c.Configure(s, isKey: false)),
        CreateConverter<HeaderConverter>(connectorConfig, ConnectorConfig.HeaderConverter, WorkerConfig.HeaderConverter, PluginKind.HeaderConverter, (c, s) => c.Configure(s)));

    // A converter named by the connector is configured with the connector's '<key>.*' settings; otherwise the
    // worker's converter with the worker's settings (Kafka Connect's rule).
    private T CreateConverter<T>(IReadOnlyDictionary<string, string> connectorConfig, string connectorKey, string workerKey, PluginKind kind, Action<T, IReadOnlyDictionary<string, string>> configure)
        where T : class
    {
        var fromConnector = connectorConfig.TryGetValue(connectorKey, out var connectorClass) && !string.IsNullOrWhiteSpace(connectorClass);
        var className = fromConnector ? connectorClass! : _config.GetString(workerKey)!;
        var settings = fromConnector
            ? connectorConfig.Where(p => p.Key.StartsWith(connectorKey + ".", StringComparison.Ordinal)).ToDictionary(p => p.Key[(connectorKey.Length + 1)..], p => p.Value, StringComparer.Ordinal)
            : _config.OriginalsWithPrefix(workerKey + ".").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var converter = _plugins.Create<T>(_plugins.Resolve(kind, className));
        configure(converter, settings);
        return converter;
    }

    private TransformationChain CreateTransforms(ConnectorConfig config)
    {
        var stages = new List<TransformationStage>();
        foreach (var alias in config.GetList(ConnectorConfig.Transforms))
        {
            var settings = config.AliasSettings("transforms", alias);
            var transformation = _plugins.Create<Transformation>(_plugins.Resolve(PluginKind.Transformation, settings["type"]));
            transformation.Configure(settings.Where(p => p.Key is not ("type" or "predicate" or "negate")).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
            Predicate? predicate = null;
            if (settings.TryGetValue("predicate", out var predicateAlias) && predicateAlias.Length > 0)
            {
                if (!config.GetList(ConnectorConfig.Predicates).Contains(predicateAlias))
                {
                    throw new ConfigException($"transforms.{alias}.predicate", predicateAlias, $"the predicate '{predicateAlias}' is not listed in 'predicates'.");
                }

                var predicateSettings = config.AliasSettings("predicates", predicateAlias);
                predicate = _plugins.Create<Predicate>(_plugins.Resolve(PluginKind.Predicate, predicateSettings["type"]));
                predicate.Configure(predicateSettings.Where(p => p.Key != "type").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
            }

            var negate = settings.TryGetValue("negate", out var n) && bool.TryParse(n, out var parsed) && parsed;
            stages.Add(new TransformationStage(alias, transformation, predicate, negate));
        }

        return new TransformationChain(stages);
    }
}
