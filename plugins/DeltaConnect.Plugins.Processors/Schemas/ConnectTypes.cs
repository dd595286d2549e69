using System.Collections;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Plugins.Processors.Schemas;

/// <summary>
/// The schema type of a schemaless value, from its .NET type (Kafka Connect's <c>ConnectSchema.schemaType</c>).
/// Logical-type values (<see cref="decimal"/>, <see cref="DateOnly"/>, <see cref="TimeOnly"/>,
/// <see cref="DateTimeOffset"/>) have no schema type of their own, as in Kafka Connect.
/// </summary>
internal static class ConnectTypes
{
    public static SchemaType? Infer(object value) => value switch
    {
        sbyte => SchemaType.Int8,
        short => SchemaType.Int16,
        int => SchemaType.Int32,
        long => SchemaType.Int64,
        float => SchemaType.Float32,
        double => SchemaType.Float64,
        bool => SchemaType.Boolean,
        string => SchemaType.String,
        byte[] or ReadOnlyMemory<byte> => SchemaType.Bytes,
        Struct => SchemaType.Struct,
        IReadOnlyDictionary<string, object?> or IDictionary => SchemaType.Map,
        IList => SchemaType.Array,
        _ => null,
    };

    /// <summary>True for the .NET values of Connect's logical types.</summary>
    public static bool IsLogicalValue(object value) => value is decimal or DateOnly or TimeOnly or DateTimeOffset;

    /// <summary>The Kafka Connect name of a schema type (<c>int8</c>, <c>string</c>, ...), as used in configs.</summary>
    public static string ConfigName(SchemaType type) => type switch
    {
        SchemaType.Int8 => "int8",
        SchemaType.Int16 => "int16",
        SchemaType.Int32 => "int32",
        SchemaType.Int64 => "int64",
        SchemaType.Float32 => "float32",
        SchemaType.Float64 => "float64",
        SchemaType.Boolean => "boolean",
        SchemaType.String => "string",
        SchemaType.Bytes => "bytes",
        SchemaType.Array => "array",
        SchemaType.Map => "map",
        SchemaType.Struct => "struct",
        _ => type.ToString(),
    };
}
