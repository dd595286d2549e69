namespace DeltaConnect.Sdk.Data;

/// <summary>
/// The logical type for times of day (Kafka Connect's <c>org.apache.kafka.connect.data.Time</c>): an Int32 counting
/// milliseconds since midnight. Values are <see cref="TimeOnly"/>.
/// </summary>
public static class ConnectTime
{
    /// <summary>The schema name of the logical type.</summary>
    public const string LogicalName = "org.apache.kafka.connect.data.Time";

    /// <summary>A builder for a time schema.</summary>
    public static SchemaBuilder Builder() => SchemaBuilder.Int32().Name(LogicalName).Version(1);

    /// <summary>A required time schema.</summary>
    public static Schema Schema { get; } = Builder().Build();

    /// <summary>Milliseconds since midnight.</summary>
    public static int FromLogical(TimeOnly value) => (int)(value.Ticks / TimeSpan.TicksPerMillisecond);

    /// <summary>The time of a millisecond count since midnight.</summary>
    public static TimeOnly ToLogical(int milliseconds) => new(milliseconds * TimeSpan.TicksPerMillisecond);
}
