using DeltaConnect.Runtime.Configuration;
using DeltaConnect.Runtime.Herder;
using DeltaConnect.Runtime.Logging;

namespace DeltaConnect.Rest;

/// <summary>What the routes work on: the worker's herder, its config, its log levels, and the Kafka cluster id.</summary>
/// <param name="Herder">The herder requests go to.</param>
/// <param name="Config">The worker config.</param>
/// <param name="LogLevels">The runtime log levels behind /admin/loggers.</param>
/// <param name="ClusterId">Reads the Kafka cluster id (GET /).</param>
internal sealed record RestContext(StandaloneHerder Herder, WorkerConfig Config, LogLevelController LogLevels, Func<CancellationToken, Task<string?>> ClusterId);
