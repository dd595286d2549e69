namespace DeltaConnect.Testing.Servers;

/// <summary>Settings for a <see cref="PostgresServer"/> beyond the defaults.</summary>
public sealed record PostgresServerOptions
{
    /// <summary>
    /// postgresql.conf settings that override the defaults (values written verbatim, so quote strings:
    /// <c>["wal_level"] = "replica"</c>, <c>["application_name"] = "'x'"</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
