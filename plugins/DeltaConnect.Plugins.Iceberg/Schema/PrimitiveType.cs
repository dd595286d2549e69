using System.Globalization;
using System.Text.Json.Nodes;

namespace DeltaConnect.Plugins.Iceberg.Schema;

/// <summary>An Iceberg primitive type; decimals carry their precision and scale.</summary>
internal sealed class PrimitiveType : IcebergType, IEquatable<PrimitiveType>
{
    private PrimitiveType(PrimitiveKind kind, int precision = 0, int scale = 0)
    {
        Kind = kind;
        Precision = precision;
        Scale = scale;
    }

    public static PrimitiveType Boolean { get; } = new(PrimitiveKind.Boolean);

    public static PrimitiveType Int { get; } = new(PrimitiveKind.Int);

    public static PrimitiveType Long { get; } = new(PrimitiveKind.Long);

    public static PrimitiveType Float { get; } = new(PrimitiveKind.Float);

    public static PrimitiveType Double { get; } = new(PrimitiveKind.Double);

    public static PrimitiveType Date { get; } = new(PrimitiveKind.Date);

    public static PrimitiveType Time { get; } = new(PrimitiveKind.Time);

    public static PrimitiveType Timestamp { get; } = new(PrimitiveKind.Timestamp);

    public static PrimitiveType Timestamptz { get; } = new(PrimitiveKind.Timestamptz);

    public static PrimitiveType String { get; } = new(PrimitiveKind.String);

    public static PrimitiveType Binary { get; } = new(PrimitiveKind.Binary);

    public PrimitiveKind Kind { get; }

    public int Precision { get; }

    public int Scale { get; }

    public static PrimitiveType Decimal(int precision, int scale)
    {
        if (precision is < 1 or > 38)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "Iceberg decimals have a precision of 1 to 38.");
        }

        if (scale < 0 || scale > precision)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"A decimal scale must be between 0 and the precision ({precision}).");
        }

        return new PrimitiveType(PrimitiveKind.Decimal, precision, scale);
    }

    public static PrimitiveType Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name)
        {
            case "boolean": return Boolean;
            case "int": return Int;
            case "long": return Long;
            case "float": return Float;
            case "double": return Double;
            case "date": return Date;
            case "time": return Time;
            case "timestamp": return Timestamp;
            case "timestamptz": return Timestamptz;
            case "string": return String;
            case "binary": return Binary;
        }

        if (name.StartsWith("decimal(", StringComparison.Ordinal) && name.EndsWith(')'))
        {
            var parts = name["decimal(".Length..^1].Split(',');
            if (parts.Length == 2)
            {
                return Decimal(
                    int.Parse(parts[0].Trim(), CultureInfo.InvariantCulture),
                    int.Parse(parts[1].Trim(), CultureInfo.InvariantCulture));
            }
        }

        throw new FormatException($"Unsupported Iceberg primitive type '{name}'.");
    }

    public string Name => Kind switch
    {
        PrimitiveKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"decimal({Precision}, {Scale})"),
        _ => Kind.ToString().ToLowerInvariant(),
    };

    public override JsonNode ToJson() => JsonValue.Create(Name);

    public bool Equals(PrimitiveType? other) =>
        other is not null && Kind == other.Kind && Precision == other.Precision && Scale == other.Scale;

    public override bool Equals(object? obj) => obj is PrimitiveType other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, Precision, Scale);
}
