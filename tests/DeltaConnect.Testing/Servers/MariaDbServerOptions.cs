namespace DeltaConnect.Testing.Servers;

/// <summary>Settings for a <see cref="MariaDbServer"/> beyond the defaults.</summary>
public sealed record MariaDbServerOptions
{
    /// <summary>Extra mariadbd arguments, appended last so they override the defaults (e.g. <c>--binlog-format=STATEMENT</c>).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
