namespace DeltaConnect.Sdk.Data;

/// <summary>
/// The logical type for dates (Kafka Connect's <c>org.apache.kafka.connect.data.Date</c>): an Int32 counting days
/// since 1970-01-01. Values are <see cref="DateOnly"/>.
/// </summary>
public static class ConnectDate
{
    /// <summary>The schema name of the logical type.</summary>
    public const string LogicalName = "org.apache.kafka.connect.data.Date";

    private static readonly DateOnly Epoch = new(1970, 1, 1);

    /// <summary>A builder for a date schema.</summary>
    public static SchemaBuilder Builder() => SchemaBuilder.Int32().Name(LogicalName).Version(1);

    /// <summary>A required date schema.</summary>
    public static Schema Schema { get; } = Builder().Build();

    /// <summary>Days since the epoch.</summary>
    public static int FromLogical(DateOnly value) => value.DayNumber - Epoch.DayNumber;

    /// <summary>The date of a day count since the epoch.</summary>
    public static DateOnly ToLogical(int days) => DateOnly.FromDayNumber(Epoch.DayNumber + days);
}
