using System.Text.Json.Serialization;

namespace DeltaConnect.Rest.Entities;

// Kafka Connect's REST entities (connect/runtime/.../rest/entities), written in snake_case by RestJson.

/// <summary><c>{"error_code": 404, "message": "..."}</c>: the body of every error response.</summary>
internal sealed record ErrorMessage(int ErrorCode, string Message);

/// <summary><c>{"message": "..."}</c>: the body of offset alter/reset responses.</summary>
internal sealed record MessageInfo(string Message);

/// <summary><c>GET /</c>.</summary>
internal sealed record ServerInfo(string Version, string Commit, string? KafkaClusterId);

/// <summary>A task's id as <c>{"connector": "...", "task": 0}</c>.</summary>
internal sealed record ConnectorTaskIdInfo(string Connector, int Task);

/// <summary>A connector's name, config (secrets redacted), tasks and type.</summary>
internal sealed record ConnectorInfo(string Name, IReadOnlyDictionary<string, string> Config, IReadOnlyList<ConnectorTaskIdInfo> Tasks, string Type);

/// <summary>A task's id and config (secrets redacted), as <c>GET /connectors/{name}/tasks</c> lists them.</summary>
internal sealed record TaskInfo(ConnectorTaskIdInfo Id, IReadOnlyDictionary<string, string> Config);

/// <summary>The state of a connector.</summary>
internal sealed record ConnectorState(
    string State,
    string WorkerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Trace);

/// <summary>The state of a task.</summary>
internal sealed record TaskState(
    int Id,
    string State,
    string WorkerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Trace);

/// <summary><c>GET /connectors/{name}/status</c>.</summary>
internal sealed record ConnectorStateInfo(string Name, ConnectorState Connector, IReadOnlyList<TaskState> Tasks, string Type);

/// <summary>One entry of <c>GET /connector-plugins</c>.</summary>
internal sealed record PluginInfo(
    [property: JsonPropertyName("class")] string Class,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version);

/// <summary>An option's definition (Kafka Connect's <c>ConfigKeyInfo</c>).</summary>
internal sealed record ConfigKeyInfo(
    string Name,
    string Type,
    bool Required,
    string? DefaultValue,
    string Importance,
    string Documentation,
    string? Group,
    int OrderInGroup,
    string Width,
    string DisplayName,
    IReadOnlyList<string> Dependents);

/// <summary>An option's validated value (Kafka Connect's <c>ConfigValueInfo</c>).</summary>
internal sealed record ConfigValueInfo(string Name, string? Value, IReadOnlyList<string> RecommendedValues, IReadOnlyList<string> Errors, bool Visible);

/// <summary>An option's definition and value.</summary>
internal sealed record ConfigInfoEntry(ConfigKeyInfo Definition, ConfigValueInfo Value);

/// <summary><c>PUT /connector-plugins/{plugin}/config/validate</c>.</summary>
internal sealed record ConfigInfosEntity(string Name, int ErrorCount, IReadOnlyList<string> Groups, IReadOnlyList<ConfigInfoEntry> Configs);

/// <summary>One offset: a partition and its offset (null to remove it when altering).</summary>
internal sealed record ConnectorOffsetEntity(IReadOnlyDictionary<string, object?> Partition, IReadOnlyDictionary<string, object?>? Offset);

/// <summary><c>{"offsets": [...]}</c>.</summary>
internal sealed record ConnectorOffsetsEntity(IReadOnlyList<ConnectorOffsetEntity> Offsets);

/// <summary>A logger's level: <c>{"level": "INFO", "last_modified": 1700000000000}</c>.</summary>
internal sealed record LoggerLevel(string Level, long? LastModified);

/// <summary><c>GET /health</c>.</summary>
internal sealed record HealthStatus(string Status, string Message);
