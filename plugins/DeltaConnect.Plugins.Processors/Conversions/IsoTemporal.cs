using System.Globalization;

namespace DeltaConnect.Plugins.Processors.Conversions;

/// <summary>
/// The ISO-8601 text forms Kafka Connect uses for its temporal logical types (<c>Values</c>): dates as
/// <c>yyyy-MM-dd</c>, times as <c>HH:mm:ss.SSS'Z'</c>, timestamps as <c>yyyy-MM-dd'T'HH:mm:ss.SSS'Z'</c>, all in UTC.
/// </summary>
internal static class IsoTemporal
{
    public const string DatePattern = "yyyy-MM-dd";
    public const string TimePattern = "HH:mm:ss.fff'Z'";
    public const string TimestampPattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Format(DateOnly date) => date.ToString(DatePattern, CultureInfo.InvariantCulture);

    public static string Format(TimeOnly time) => time.ToString(TimePattern, CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset timestamp) => timestamp.UtcDateTime.ToString(TimestampPattern, CultureInfo.InvariantCulture);

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, DatePattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryParseTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, TimePattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static bool TryParseTimestamp(string text, out DateTimeOffset timestamp) =>
        DateTimeOffset.TryParseExact(text, TimestampPattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);
}
