using DeltaConnect.Sdk.Config;

namespace DeltaConnect.Runtime.Herder;

/// <summary>
/// The result of validating a connector config (Kafka Connect's <c>ConfigInfos</c>): every option the connector and
/// the runtime define, each with its definition and the value as validated (errors, recommended values, visibility).
/// </summary>
/// <param name="Name">The connector's type name.</param>
/// <param name="ErrorCount">How many errors the values carry in total.</param>
/// <param name="Groups">The option groups, in order.</param>
/// <param name="Configs">One entry per option.</param>
internal sealed record ConfigInfos(string Name, int ErrorCount, IReadOnlyList<string> Groups, IReadOnlyList<ConfigInfo> Configs);

/// <summary>One option of <see cref="ConfigInfos"/>: its definition and its validated value.</summary>
internal sealed record ConfigInfo(ConfigKey Definition, ConfigValue Value);
