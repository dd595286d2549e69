using System.Globalization;
using System.Numerics;
using System.Text;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Partitions;

/// <summary>
/// A partition transform (spec "Partition Transforms"): <c>identity</c>, <c>bucket[N]</c>, <c>year</c>, <c>month</c>,
/// <c>day</c> or <c>hour</c>, applied to canonical values (<see cref="IcebergValues"/>).
/// </summary>
internal sealed record PartitionTransform(PartitionTransformKind Kind, int Buckets = 0)
{
    private const long MicrosPerHour = 3_600_000_000L;
    private const long MicrosPerDay = 24 * MicrosPerHour;

    public static PartitionTransform Identity { get; } = new(PartitionTransformKind.Identity);

    /// <summary>The spec name, e.g. <c>bucket[16]</c>.</summary>
    public string Name => Kind == PartitionTransformKind.Bucket
        ? string.Create(CultureInfo.InvariantCulture, $"bucket[{Buckets}]")
        : Kind.ToString().ToLowerInvariant();

    public static PartitionTransform Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith("bucket[", StringComparison.Ordinal) && name.EndsWith(']')
            && int.TryParse(name.AsSpan(7, name.Length - 8), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            return new PartitionTransform(PartitionTransformKind.Bucket, n);
        }

        return Enum.TryParse<PartitionTransformKind>(name, ignoreCase: true, out var kind) && kind != PartitionTransformKind.Bucket
            ? new PartitionTransform(kind)
            : throw new FormatException($"Unsupported partition transform '{name}' (supported: identity, bucket[N], year, month, day, hour).");
    }

    /// <summary>The type of the partition values for a source column of <paramref name="source"/>; throws when the transform does not apply.</summary>
    public PrimitiveType ResultType(PrimitiveType source, string column)
    {
        ArgumentNullException.ThrowIfNull(source);
        var timestamp = source.Kind is PrimitiveKind.Timestamp or PrimitiveKind.Timestamptz;
        var ok = Kind switch
        {
            PartitionTransformKind.Identity => source.Kind is not (PrimitiveKind.Float or PrimitiveKind.Double or PrimitiveKind.Decimal),
            PartitionTransformKind.Bucket => source.Kind is PrimitiveKind.Int or PrimitiveKind.Long or PrimitiveKind.Date or PrimitiveKind.Time
                or PrimitiveKind.String or PrimitiveKind.Binary or PrimitiveKind.Decimal || timestamp,
            PartitionTransformKind.Hour => timestamp,
            _ => timestamp || source.Kind == PrimitiveKind.Date,
        };
        if (!ok)
        {
            throw new FormatException($"Partition transform {Name} cannot apply to column '{column}' of type {source.Name}.");
        }

        return Kind == PartitionTransformKind.Identity ? source : Kind == PartitionTransformKind.Day ? PrimitiveType.Date : PrimitiveType.Int;
    }

    /// <summary>The partition value of a canonical source value of type <paramref name="source"/> (null stays null).</summary>
    public object? Apply(PrimitiveType source, object? value)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (value is null)
        {
            return null;
        }

        var days = source.Kind == PrimitiveKind.Date ? (int)value : 0;
        return Kind switch
        {
            PartitionTransformKind.Identity => value,
            PartitionTransformKind.Bucket => (Hash(source, value) & int.MaxValue) % Buckets,
            PartitionTransformKind.Hour => (int)FloorDiv((long)value, MicrosPerHour),
            PartitionTransformKind.Day => source.Kind == PrimitiveKind.Date ? days : (int)FloorDiv((long)value, MicrosPerDay),
            PartitionTransformKind.Month => MonthsSinceEpoch(ToDate(source, value)),
            PartitionTransformKind.Year => ToDate(source, value).Year - 1970,
            _ => throw new NotSupportedException($"Partition transform {Name} is not supported."),
        };
    }

    /// <summary>The 32-bit hash of a canonical value as spec Appendix B defines it.</summary>
    public static int Hash(PrimitiveType type, object value)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            PrimitiveKind.Int or PrimitiveKind.Date => Murmur3.Hash((int)value),
            PrimitiveKind.Long or PrimitiveKind.Time or PrimitiveKind.Timestamp or PrimitiveKind.Timestamptz => Murmur3.Hash((long)value),
            PrimitiveKind.String => Murmur3.Hash(Encoding.UTF8.GetBytes((string)value)),
            PrimitiveKind.Binary => Murmur3.Hash((byte[])value),
            // The minimum number of bytes of the unscaled value's two's complement, big-endian.
            PrimitiveKind.Decimal => Murmur3.Hash(((BigInteger)value).ToByteArray(isUnsigned: false, isBigEndian: true)),
            _ => throw new NotSupportedException($"Iceberg type {type.Name} cannot be bucketed."),
        };
    }

    private static DateOnly ToDate(PrimitiveType source, object value) => DateOnly.FromDayNumber(
        DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber
        + (source.Kind == PrimitiveKind.Date ? (int)value : (int)FloorDiv((long)value, MicrosPerDay)));

    private static int MonthsSinceEpoch(DateOnly date) => ((date.Year - 1970) * 12) + date.Month - 1;

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}
