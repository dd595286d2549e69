namespace DeltaConnect.Sdk.Data;

/// <summary>
/// The logical type for instants (Kafka Connect's <c>org.apache.kafka.connect.data.Timestamp</c>): an Int64 counting
/// milliseconds since 1970-01-01T00:00:00Z. Values are <see cref="DateTimeOffset"/>.
/// </summary>
public static class ConnectTimestamp
{
    /// <summary>The schema name of the logical type.</summary>
    public const string LogicalName = "org.apache.kafka.connect.data.Timestamp";

    /// <summary>A builder for a timestamp schema.</summary>
    public static SchemaBuilder Builder() => SchemaBuilder.Int64().Name(LogicalName).Version(1);

    /// <summary>A required timestamp schema.</summary>
    public static Schema Schema { get; } = Builder().Build();

    /// <summary>Milliseconds since the epoch.</summary>
    public static long FromLogical(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    /// <summary>The instant of a millisecond count since the epoch (UTC).</summary>
    public static DateTimeOffset ToLogical(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
