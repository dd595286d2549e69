using System.Text.Json;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Schemas.Json;

/// <summary>
/// The JSON form of Connect schemas that Kafka Connect's JsonConverter reads and writes: the envelope's property
/// names, the schema's property names, and the type names (<c>int8</c> ... <c>struct</c>).
/// </summary>
internal static class ConnectJsonSchema
{
    public static readonly JsonEncodedText EnvelopeSchema = JsonEncodedText.Encode("schema");
    public static readonly JsonEncodedText EnvelopePayload = JsonEncodedText.Encode("payload");
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Optional = JsonEncodedText.Encode("optional");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    public static readonly JsonEncodedText Doc = JsonEncodedText.Encode("doc");
    public static readonly JsonEncodedText Parameters = JsonEncodedText.Encode("parameters");
    public static readonly JsonEncodedText Default = JsonEncodedText.Encode("default");
    public static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
    public static readonly JsonEncodedText Keys = JsonEncodedText.Encode("keys");
    public static readonly JsonEncodedText Values = JsonEncodedText.Encode("values");
    public static readonly JsonEncodedText Fields = JsonEncodedText.Encode("fields");
    public static readonly JsonEncodedText Field = JsonEncodedText.Encode("field");

    private static readonly JsonEncodedText[] TypeNames =
    [
        JsonEncodedText.Encode("int8"),
        JsonEncodedText.Encode("int16"),
        JsonEncodedText.Encode("int32"),
        JsonEncodedText.Encode("int64"),
        JsonEncodedText.Encode("float"),
        JsonEncodedText.Encode("double"),
        JsonEncodedText.Encode("boolean"),
        JsonEncodedText.Encode("string"),
        JsonEncodedText.Encode("bytes"),
        JsonEncodedText.Encode("array"),
        JsonEncodedText.Encode("map"),
        JsonEncodedText.Encode("struct"),
    ];

    /// <summary>The JSON type name of <paramref name="type"/> (indexed by the enum, whose order matches).</summary>
    public static JsonEncodedText TypeName(SchemaType type) => TypeNames[(int)type];

    /// <summary>The JSON type name of <paramref name="type"/> as text, for messages.</summary>
    public static string TypeText(SchemaType type) => TypeNames[(int)type].Value;

    /// <summary>The schema type a JSON type name stands for.</summary>
    public static bool TryParseType(string name, out SchemaType type)
    {
        switch (name)
        {
            case "int8": type = SchemaType.Int8; return true;
            case "int16": type = SchemaType.Int16; return true;
            case "int32": type = SchemaType.Int32; return true;
            case "int64": type = SchemaType.Int64; return true;
            case "float": type = SchemaType.Float32; return true;
            case "double": type = SchemaType.Float64; return true;
            case "boolean": type = SchemaType.Boolean; return true;
            case "string": type = SchemaType.String; return true;
            case "bytes": type = SchemaType.Bytes; return true;
            case "array": type = SchemaType.Array; return true;
            case "map": type = SchemaType.Map; return true;
            case "struct": type = SchemaType.Struct; return true;
            default: type = default; return false;
        }
    }
}
