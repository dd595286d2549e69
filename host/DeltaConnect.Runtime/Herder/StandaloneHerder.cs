using DeltaConnect.Runtime.Configuration;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Errors;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Herder;

/// <summary>
/// Orchestrates one worker: keeps the running connectors and tasks in line with the config topic (connector
/// configs, committed task configs, target states), applies user requests (create, update, delete, pause, resume,
/// stop, restart), regenerates task configs when a connector asks, and restarts failed tasks with backoff.
/// Requests are serialized; each one is written to the config topic first, then applied.
/// </summary>
internal sealed class StandaloneHerder : IAsyncDisposable
{
    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly Worker _worker;
    private readonly ConfigBackingStore _configs;
    private readonly OffsetBackingStore _offsets;
    private readonly StatusBackingStore _statuses;
    private readonly WorkerConfig _workerConfig;
    private readonly TaskRestartPolicy _restarts;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConnectorOffsets _connectorOffsets;

    public StandaloneHerder(Worker worker, ConfigBackingStore configs, OffsetBackingStore offsets, StatusBackingStore statuses, WorkerConfig workerConfig, ILogger logger, TimeProvider time)
    {
        _worker = worker;
        _configs = configs;
        _offsets = offsets;
        _statuses = statuses;
        _workerConfig = workerConfig;
        _logger = logger;
        _time = time;
        _restarts = new TaskRestartPolicy(
            TimeSpan.FromMilliseconds(workerConfig.GetLong(WorkerConfig.TaskAutoRestartBackoffInitialMs)),
            TimeSpan.FromMilliseconds(workerConfig.GetLong(WorkerConfig.TaskAutoRestartBackoffMaxMs)));
        _worker.TaskFailed += OnTaskFailed;
        Validator = new ConnectorConfigValidator(worker.Plugins, worker.ResolveConnector, worker.ConfigTransformer);
        _connectorOffsets = new ConnectorOffsets(offsets, worker.Clients);
    }

    /// <summary>Field-by-field validation and secret redaction of connector configs.</summary>
    public ConnectorConfigValidator Validator { get; }

    /// <summary>True once <see cref="StartAsync"/> has started the stored connectors.</summary>
    public bool IsReady { get; private set; }

    public Worker Worker => _worker;

    public OffsetBackingStore Offsets => _offsets;

    /// <summary>Starts every connector found in the config topic.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _serial.WaitAsync(cancellationToken);
        try
        {
            var snapshot = _configs.Snapshot();
            foreach (var (name, config) in snapshot.Connectors)
            {
                await StartConnectorAndTasksAsync(name, config, snapshot.TargetState(name), cancellationToken);
            }

            IsReady = true;
        }
        finally
        {
            _serial.Release();
        }
    }

    public IReadOnlyList<string> Connectors => [.. _configs.Snapshot().Connectors.Keys.Order(StringComparer.Ordinal)];

    public IReadOnlyDictionary<string, string>? ConnectorConfig(string name) => _configs.Snapshot().Connectors.GetValueOrDefault(name);

    public IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(string name) => _configs.Snapshot().TaskConfigs(name);

    public TargetState TargetState(string name) => _configs.Snapshot().TargetState(name);

    /// <summary>Creates or updates a connector. Returns true when it was created.</summary>
    /// <exception cref="ConfigException">When the config is invalid (unknown class, missing or invalid values).</exception>
    public async Task<bool> PutConnectorConfigAsync(string name, IReadOnlyDictionary<string, string> config, bool allowReplace, TargetState? initialState, CancellationToken cancellationToken)
    {
        var withName = new Dictionary<string, string>(config, StringComparer.Ordinal) { [Configuration.ConnectorConfig.Name] = name };
        KeepRedactedSecrets(name, withName);
        await ValidateAsync(withName, cancellationToken);
        await _serial.WaitAsync(cancellationToken);
        try
        {
            var exists = _configs.Snapshot().Connectors.ContainsKey(name);
            if (exists && !allowReplace)
            {
                throw new ConnectorAlreadyExistsException(name);
            }

            await _configs.PutConnectorConfigAsync(name, withName, exists ? null : initialState ?? Storage.TargetState.Started, cancellationToken);
            await StopConnectorAndTasksAsync(name, cancellationToken);
            await StartConnectorAndTasksAsync(name, withName, _configs.Snapshot().TargetState(name), cancellationToken);
            return !exists;
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>
    /// Applies a partial update: keys with a value are set, keys with null removed (Kafka Connect's PATCH). Returns
    /// the new config.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> PatchConnectorConfigAsync(string name, IReadOnlyDictionary<string, string?> patch, CancellationToken cancellationToken)
    {
        var existing = ConnectorConfig(name) ?? throw new NotFoundException($"Connector {name} not found");
        var merged = new Dictionary<string, string>(existing, StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        await PutConnectorConfigAsync(name, merged, allowReplace: true, initialState: null, cancellationToken);
        return ConnectorConfig(name)!;
    }

    /// <summary>The kind of connector <paramref name="name"/> is.</summary>
    public Isolation.PluginKind ConnectorKind(string name)
    {
        EnsureExists(name);
        return _worker.ResolveConnector(_configs.Snapshot().Connectors[name]).Kind;
    }

    /// <summary>The connector's offsets (source partitions, or its consumer group's committed offsets).</summary>
    public Task<IReadOnlyList<ConnectorOffset>> GetOffsetsAsync(string name, CancellationToken cancellationToken) =>
        _connectorOffsets.GetAsync(name, ConnectorKind(name), cancellationToken);

    /// <summary>Alters a STOPPED connector's offsets; returns the message to show.</summary>
    public async Task<string> AlterOffsetsAsync(string name, IReadOnlyList<ConnectorOffset> offsets, CancellationToken cancellationToken)
    {
        await _serial.WaitAsync(cancellationToken);
        try
        {
            var kind = EnsureStopped(name);
            return await _connectorOffsets.AlterAsync(name, kind, offsets, cancellationToken);
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>Removes every offset of a STOPPED connector; returns the message to show.</summary>
    public async Task<string> ResetOffsetsAsync(string name, CancellationToken cancellationToken)
    {
        await _serial.WaitAsync(cancellationToken);
        try
        {
            var kind = EnsureStopped(name);
            return await _connectorOffsets.ResetAsync(name, kind, cancellationToken);
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>The topics the connector's tasks have used since the last reset.</summary>
    /// <summary>
    /// Hands a signal (e.g. <c>execute-snapshot</c>) to the connector's first running source task that accepts signals
    /// (<see cref="Sdk.Source.ISignalReceiver"/>); returns the task that took it.
    /// </summary>
    /// <exception cref="BadRequestException">When no running task accepts the signal, or its data is invalid.</exception>
    public async Task<ConnectorTaskId> SignalAsync(string name, string type, string? data, CancellationToken cancellationToken)
    {
        EnsureExists(name);
        var running = _worker.RunningTasks
            .Where(t => t.Connector == name && _statuses.Get(t)?.State is WorkerState.Running or WorkerState.Paused)
            .OrderBy(t => t.Task)
            .Select(t => (Id: t, Runner: _worker.FindTask(t) as Tasks.WorkerSourceTask))
            .FirstOrDefault(t => t.Runner is not null);
        if (running.Runner is null)
        {
            throw new BadRequestException($"Connector {name} has no running source task to take the signal: signals go to a running (or paused) source task; check GET /connectors/{name}/status.");
        }

        if (running.Runner.Task is not Sdk.Source.ISignalReceiver receiver)
        {
            throw new BadRequestException($"Connector {name} does not accept signals (its task type {running.Runner.Task.GetType().Name} does not implement ISignalReceiver).");
        }

        if (!receiver.SignalTypes.Contains(type))
        {
            throw new BadRequestException($"Connector {name} does not accept '{type}' signals; it accepts: {string.Join(", ", receiver.SignalTypes)}.");
        }

        try
        {
            await receiver.SignalAsync(type, data, cancellationToken);
        }
        catch (DataException e)
        {
            throw new BadRequestException($"The {type} signal for connector {name} is invalid: {e.Message}");
        }

        return running.Id;
    }

    public IReadOnlyList<string> ActiveTopics(string name)
    {
        EnsureExists(name);
        return _statuses.ActiveTopics(name);
    }

    public Task ResetActiveTopicsAsync(string name, CancellationToken cancellationToken)
    {
        EnsureExists(name);
        return _statuses.ResetActiveTopicsAsync(name, cancellationToken);
    }

    public async Task DeleteConnectorAsync(string name, CancellationToken cancellationToken)
    {
        await _serial.WaitAsync(cancellationToken);
        try
        {
            EnsureExists(name);
            await StopConnectorAndTasksAsync(name, cancellationToken);
            await _configs.RemoveConnectorConfigAsync(name, cancellationToken);
            await _statuses.RemoveAsync(name, cancellationToken);
            await _statuses.ResetActiveTopicsAsync(name, cancellationToken);
        }
        finally
        {
            _serial.Release();
        }
    }

    public async Task SetTargetStateAsync(string name, TargetState state, CancellationToken cancellationToken)
    {
        await _serial.WaitAsync(cancellationToken);
        try
        {
            EnsureExists(name);
            var previous = _configs.Snapshot().TargetState(name);
            await _configs.PutTargetStateAsync(name, state, cancellationToken);
            if (state == Storage.TargetState.Stopped || previous == Storage.TargetState.Stopped)
            {
                // Stopping shuts everything down; leaving STOPPED starts it again (tasks are recreated).
                await StopConnectorAndTasksAsync(name, cancellationToken);
                await StartConnectorAndTasksAsync(name, _configs.Snapshot().Connectors[name], state, cancellationToken);
            }
            else
            {
                _worker.SetTargetState(name, state);
            }
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>Restarts a connector and optionally its tasks (all, or only failed ones).</summary>
    public async Task RestartConnectorAsync(string name, bool includeTasks, bool onlyFailed, CancellationToken cancellationToken)
    {
        await _serial.WaitAsync(cancellationToken);
        try
        {
            EnsureExists(name);
            var snapshot = _configs.Snapshot();
            var config = snapshot.Connectors[name];
            var connectorFailed = _statuses.Get(name)?.State == WorkerState.Failed;
            if (!onlyFailed || connectorFailed)
            {
                await _worker.PutStatusAsync(name, WorkerState.Restarting, null, cancellationToken);
                await _worker.StopConnectorAsync(name, cancellationToken);
                await _worker.StartConnectorAsync(name, config, snapshot.TargetState(name), RequestReconfiguration, cancellationToken);
            }

            if (includeTasks)
            {
                var tasks = snapshot.TaskConfigs(name);
                for (var i = 0; i < tasks.Count; i++)
                {
                    var id = new ConnectorTaskId(name, i);
                    if (!onlyFailed || _statuses.Get(id)?.State == WorkerState.Failed)
                    {
                        await RestartTaskLockedAsync(id, config, tasks[i], snapshot.TargetState(name), cancellationToken);
                    }
                }
            }
        }
        finally
        {
            _serial.Release();
        }
    }

    public async Task RestartTaskAsync(ConnectorTaskId id, CancellationToken cancellationToken)
    {
        await _serial.WaitAsync(cancellationToken);
        try
        {
            EnsureExists(id.Connector);
            var snapshot = _configs.Snapshot();
            var tasks = snapshot.TaskConfigs(id.Connector);
            if (id.Task < 0 || id.Task >= tasks.Count)
            {
                throw new NotFoundException($"Task {id} not found: connector {id.Connector} has {tasks.Count} task(s).");
            }

            await RestartTaskLockedAsync(id, snapshot.Connectors[id.Connector], tasks[id.Task], snapshot.TargetState(id.Connector), cancellationToken);
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>The connector's status and its tasks'.</summary>
    public ConnectorStateInfo Status(string name)
    {
        EnsureExists(name);
        var config = _configs.Snapshot().Connectors[name];
        var type = ConnectorType(config);
        var connector = _statuses.Get(name) ?? new StatusRecord(WorkerState.Unassigned, null, _worker.WorkerId, 0);
        var tasks = _configs.Snapshot().TaskConfigs(name).Select((_, i) =>
            new KeyValuePair<int, StatusRecord>(i, _statuses.Get(new ConnectorTaskId(name, i)) ?? new StatusRecord(WorkerState.Unassigned, null, _worker.WorkerId, 0))).ToList();
        return new ConnectorStateInfo(name, type, connector, tasks);
    }

    /// <summary>"source", "sink", "processor", or "unknown" when the class cannot be resolved.</summary>
    public string ConnectorType(IReadOnlyDictionary<string, string> config)
    {
        try
        {
            return _worker.ResolveConnector(config).Kind.ToString().ToLowerInvariant();
        }
        catch (ConfigException)
        {
            return "unknown";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _worker.TaskFailed -= OnTaskFailed;
        await _serial.WaitAsync();
        try
        {
            await _worker.DisposeAsync();
        }
        finally
        {
            _serial.Release();
        }

        _stopping.Dispose();
        _serial.Dispose();
    }

    /// <summary>Validates a connector config: base settings, the connector's own ConfigDef, converters and transforms.</summary>
    public async Task ValidateAsync(IReadOnlyDictionary<string, string> storedConfig, CancellationToken cancellationToken)
    {
        // Config provider variables are resolved inside (validated as the connector will see them at start).
        var results = await Validator.ValidateAsync(storedConfig, cancellationToken);
        var errors = results.Configs.SelectMany(r => r.Value.ErrorMessages.Select(m => $"{r.Definition.Name}: {m}")).ToList();
        if (errors.Count > 0)
        {
            throw new ConfigException($"Connector configuration is invalid and contains the following {errors.Count} error(s):\n{string.Join("\n", errors)}");
        }
    }

    private Isolation.PluginKind EnsureStopped(string name)
    {
        var kind = ConnectorKind(name);
        if (_configs.Snapshot().TargetState(name) != Storage.TargetState.Stopped || _worker.RunningTasks.Any(t => t.Connector == name))
        {
            throw new BadRequestException($"Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/{name}/stop' endpoint");
        }

        return kind;
    }

    // A GET-edit-PUT round trip sends the redaction marker back for secrets: keep the stored secret then.
    private void KeepRedactedSecrets(string name, Dictionary<string, string> config)
    {
        if (ConnectorConfig(name) is not { } stored)
        {
            return;
        }

        foreach (var key in Validator.SecretKeys(config))
        {
            if (config[key] == Password.Hidden && stored.TryGetValue(key, out var secret))
            {
                config[key] = secret;
            }
        }
    }

    private void EnsureExists(string name)
    {
        if (!_configs.Snapshot().Connectors.ContainsKey(name))
        {
            throw new NotFoundException($"Connector {name} not found");
        }
    }

    private async Task StartConnectorAndTasksAsync(string name, IReadOnlyDictionary<string, string> config, TargetState state, CancellationToken cancellationToken)
    {
        if (!await _worker.StartConnectorAsync(name, config, state, RequestReconfiguration, cancellationToken) || state == Storage.TargetState.Stopped)
        {
            return;
        }

        await ReconfigureTasksLockedAsync(name, config, state, cancellationToken);
    }

    private async Task ReconfigureTasksLockedAsync(string name, IReadOnlyDictionary<string, string> config, TargetState state, CancellationToken cancellationToken)
    {
        IReadOnlyList<IReadOnlyDictionary<string, string>> generated;
        try
        {
            generated = _worker.TaskConfigs(name, config);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RuntimeLog.ConnectorFailed(_logger, name, e);
            await _worker.PutStatusAsync(name, WorkerState.Failed, e.ToString(), cancellationToken);
            return;
        }

        var stored = _configs.Snapshot().TaskConfigs(name);
        if (!SameTaskConfigs(stored, generated))
        {
            await _configs.PutTaskConfigsAsync(name, generated, cancellationToken);
        }

        foreach (var id in _worker.RunningTasks.Where(t => t.Connector == name && t.Task >= generated.Count))
        {
            await _worker.StopTaskAsync(id);
        }

        for (var i = 0; i < generated.Count; i++)
        {
            var id = new ConnectorTaskId(name, i);
            _restarts.Started(id.ToString(), _time.GetUtcNow());
            await _worker.PutStatusAsync(id, WorkerState.Unassigned, null, cancellationToken);
            await _worker.StartTaskAsync(id, config, generated[i], state, cancellationToken);
        }
    }

    private async Task StopConnectorAndTasksAsync(string name, CancellationToken cancellationToken)
    {
        foreach (var id in _worker.RunningTasks.Where(t => t.Connector == name))
        {
            await _worker.StopTaskAsync(id);
            await _worker.PutStatusAsync(id, WorkerState.Unassigned, null, cancellationToken);
            _restarts.Forget(id.ToString());
        }

        await _worker.StopConnectorAsync(name, cancellationToken);
    }

    private async Task RestartTaskLockedAsync(ConnectorTaskId id, IReadOnlyDictionary<string, string> connectorConfig, IReadOnlyDictionary<string, string> taskConfig, TargetState state, CancellationToken cancellationToken)
    {
        await _worker.PutStatusAsync(id, WorkerState.Restarting, null, cancellationToken);
        _restarts.Started(id.ToString(), _time.GetUtcNow());
        await _worker.StartTaskAsync(id, connectorConfig, taskConfig, state, cancellationToken);
    }

    private static bool SameTaskConfigs(IReadOnlyList<IReadOnlyDictionary<string, string>> a, IReadOnlyList<IReadOnlyDictionary<string, string>> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Count == p.Second.Count && p.First.All(e => p.Second.TryGetValue(e.Key, out var v) && v == e.Value));

    private void RequestReconfiguration(string name) => _ = Task.Run(async () =>
    {
        await _serial.WaitAsync(_stopping.Token);
        try
        {
            var snapshot = _configs.Snapshot();
            if (snapshot.Connectors.TryGetValue(name, out var config) && _worker.IsConnectorRunning(name))
            {
                await ReconfigureTasksLockedAsync(name, config, snapshot.TargetState(name), _stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            RuntimeLog.ConnectorFailed(_logger, name, e);
        }
        finally
        {
            _serial.Release();
        }
    });

    private void OnTaskFailed(ConnectorTaskId id, Exception error)
    {
        var config = _configs.Snapshot().Connectors.GetValueOrDefault(id.Connector);
        if (config is null)
        {
            return;
        }

        var enabled = config.TryGetValue(Configuration.ConnectorConfig.TaskAutoRestartEnabled, out var setting) && bool.TryParse(setting, out var parsed)
            ? parsed
            : _workerConfig.GetBoolean(WorkerConfig.TaskAutoRestartEnabled);
        if (!enabled)
        {
            return;
        }

        var delay = _restarts.Failed(id.ToString(), _time.GetUtcNow());
        RuntimeLog.TaskRestartScheduled(_logger, id.ToString(), delay.TotalMilliseconds);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(delay, _time, _stopping.Token);
                await _serial.WaitAsync(_stopping.Token);
                try
                {
                    var snapshot = _configs.Snapshot();
                    var tasks = snapshot.TaskConfigs(id.Connector);
                    // Only if the task is still failed and still configured (not restarted or removed meanwhile).
                    if (id.Task < tasks.Count && _statuses.Get(id)?.State == WorkerState.Failed && snapshot.TargetState(id.Connector) != Storage.TargetState.Stopped)
                    {
                        await RestartTaskLockedAsync(id, snapshot.Connectors[id.Connector], tasks[id.Task], snapshot.TargetState(id.Connector), _stopping.Token);
                    }
                }
                finally
                {
                    _serial.Release();
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }
}
