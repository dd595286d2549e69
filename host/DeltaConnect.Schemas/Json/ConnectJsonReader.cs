using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using DeltaConnect.Schemas.Caching;
using DeltaConnect.Schemas.Text;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Schemas.Json;

/// <summary>
/// Reads JSON written by Kafka Connect's JsonConverter (or by <see cref="ConnectJsonWriter"/>) into Connect data:
/// the envelope, the schema JSON (cached by its exact bytes), and the payload checked against the schema. Without a
/// schema it infers: objects become <c>Dictionary&lt;string, object?&gt;</c>, arrays <c>List&lt;object?&gt;</c>,
/// integers <see cref="long"/>, other numbers <see cref="double"/>. One instance serves one call at a time.
/// </summary>
internal sealed class ConnectJsonReader
{
    public const string MissingEnvelopeMessage =
        "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not contain additional fields." +
        " If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.";

    // Jackson's default nesting limit, which Kafka Connect inherits.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 1000 };

    private readonly bool _replaceNullWithDefault;
    private readonly LruCache<byte[], Schema> _schemaCache;
    private readonly ValuePath _path = new();

    public ConnectJsonReader(bool replaceNullWithDefault, LruCache<byte[], Schema> schemaCache)
    {
        _replaceNullWithDefault = replaceNullWithDefault;
        _schemaCache = schemaCache;
    }

    /// <summary>The schema and value of <paramref name="json"/>; with <paramref name="withEnvelope"/>, the bytes must be an envelope.</summary>
    /// <exception cref="DataException">When the bytes are not JSON, not an envelope, or the payload does not fit the schema.</exception>
    public SchemaAndValue Read(ReadOnlyMemory<byte> json, bool withEnvelope)
    {
        if (json.Span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            // No content at all: Jackson reads this as a missing node, which is no value, or not an envelope.
            return withEnvelope ? throw new DataException(MissingEnvelopeMessage) : SchemaAndValue.Null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new DataException($"Converting byte[] to Kafka Connect data failed due to serialization error: {e.Message}", e);
        }

        using (document)
        {
            try
            {
                var root = document.RootElement;
                if (!withEnvelope)
                {
                    return new SchemaAndValue(null, ToConnect(null, root));
                }

                if (!TryOpenEnvelope(root, out var schemaElement, out var payloadElement))
                {
                    throw new DataException(MissingEnvelopeMessage);
                }

                var schema = ReadSchema(schemaElement);
                var value = ToConnect(schema, payloadElement);
                return schema is null && value is null ? SchemaAndValue.Null : new SchemaAndValue(schema, value);
            }
            finally
            {
                _path.Clear();
            }
        }
    }

    /// <summary>The schema of a schema JSON value (null for JSON null), from the cache when these bytes were seen.</summary>
    private Schema? ReadSchema(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (_schemaCache.TryGet(raw, out var cached))
        {
            return cached;
        }

        var schema = ParseSchema(element);
        _schemaCache.Add(raw.ToArray(), schema);
        return schema;
    }

    private static bool TryOpenEnvelope(JsonElement root, out JsonElement schema, out JsonElement payload)
    {
        schema = default;
        payload = default;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var count = 0;
        bool hasSchema = false, hasPayload = false;
        foreach (var property in root.EnumerateObject())
        {
            count++;
            if (property.NameEquals("schema"u8))
            {
                schema = property.Value;
                hasSchema = true;
            }
            else if (property.NameEquals("payload"u8))
            {
                payload = property.Value;
                hasPayload = true;
            }
        }

        return count == 2 && hasSchema && hasPayload;
    }

    private Schema ParseSchema(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("type"u8, out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw new DataException("Schema must contain 'type' field");
        }

        var typeName = typeElement.GetString()!;
        if (!ConnectJsonSchema.TryParseType(typeName, out var type))
        {
            throw new DataException($"Unknown schema type: {typeName}");
        }

        var builder = type switch
        {
            SchemaType.Array => SchemaBuilder.Array(ParseSchema(Required(json, "items"u8, "Array schema did not specify the element type"))),
            SchemaType.Map => SchemaBuilder.Map(
                ParseSchema(Required(json, "keys"u8, "Map schema did not specify the key type")),
                ParseSchema(Required(json, "values"u8, "Map schema did not specify the value type"))),
            SchemaType.Struct => StructBuilder(json),
            _ => SchemaBuilder.Type(type),
        };

        if (json.TryGetProperty("optional"u8, out var optional) && optional.ValueKind == JsonValueKind.True)
        {
            builder.Optional();
        }

        if (json.TryGetProperty("name"u8, out var name) && name.ValueKind == JsonValueKind.String)
        {
            builder.Name(name.GetString());
        }

        if (json.TryGetProperty("version"u8, out var version) && version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var versionNumber))
        {
            builder.Version(versionNumber);
        }

        if (json.TryGetProperty("doc"u8, out var doc) && doc.ValueKind == JsonValueKind.String)
        {
            builder.Doc(doc.GetString());
        }

        if (json.TryGetProperty("parameters"u8, out var parameters) && parameters.ValueKind == JsonValueKind.Object)
        {
            foreach (var parameter in parameters.EnumerateObject())
            {
                if (parameter.Value.ValueKind != JsonValueKind.String)
                {
                    throw new DataException("Schema parameters must have string values.");
                }

                builder.Parameter(parameter.Name, parameter.Value.GetString()!);
            }
        }

        if (json.TryGetProperty("default"u8, out var defaultElement))
        {
            // The default is read against the schema as built so far (a struct default needs a struct schema).
            var defaultValue = ToConnect(builder.Build(), defaultElement);
            if (defaultValue is not null)
            {
                builder.DefaultValue(defaultValue);
            }
        }

        return builder.Build();
    }

    private static JsonElement Required(JsonElement json, ReadOnlySpan<byte> property, string message) =>
        json.TryGetProperty(property, out var element) && element.ValueKind != JsonValueKind.Null ? element : throw new DataException(message);

    private SchemaBuilder StructBuilder(JsonElement json)
    {
        if (!json.TryGetProperty("fields"u8, out var fields) || fields.ValueKind != JsonValueKind.Array)
        {
            throw new DataException("Struct schema's \"fields\" argument is not an array.");
        }

        var builder = SchemaBuilder.Struct();
        foreach (var field in fields.EnumerateArray())
        {
            if (field.ValueKind != JsonValueKind.Object || !field.TryGetProperty("field"u8, out var fieldName) || fieldName.ValueKind != JsonValueKind.String)
            {
                throw new DataException("Struct schema's field name not specified properly");
            }

            builder.Field(fieldName.GetString()!, ParseSchema(field));
        }

        return builder;
    }

    // An absent struct field arrives here as default(JsonElement), whose kind is Undefined: it reads like null.
    private object? ToConnect(Schema? schema, JsonElement json)
    {
        if (schema is null)
        {
            return Infer(json);
        }

        if (json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            if (schema.DefaultValue is { } defaultValue && _replaceNullWithDefault)
            {
                return defaultValue;
            }

            return schema.IsOptional
                ? null
                : throw new DataException(_path.Describe($"Invalid null value for required {ConnectJsonSchema.TypeText(schema.Type)} field"));
        }

        if (schema.Name is not null && TryReadLogical(schema, json, out var logical))
        {
            return logical;
        }

        return schema.Type switch
        {
            SchemaType.Int8 => (sbyte)ReadInteger(schema.Type, json, sbyte.MinValue, sbyte.MaxValue),
            SchemaType.Int16 => (short)ReadInteger(schema.Type, json, short.MinValue, short.MaxValue),
            SchemaType.Int32 => (int)ReadInteger(schema.Type, json, int.MinValue, int.MaxValue),
            SchemaType.Int64 => ReadInteger(schema.Type, json, long.MinValue, long.MaxValue),
            SchemaType.Float32 => ReadFloat32(json),
            SchemaType.Float64 => ReadFloat64(json),
            SchemaType.Boolean => json.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Mismatch(schema.Type, json, "true or false"),
            },
            SchemaType.String => json.ValueKind == JsonValueKind.String ? json.GetString() : throw Mismatch(schema.Type, json, "a string"),
            SchemaType.Bytes => json.ValueKind == JsonValueKind.String && json.TryGetBytesFromBase64(out var bytes)
                ? bytes
                : throw new DataException(_path.Describe($"Invalid bytes field: expected a base64 string but found {Describe(json)}")),
            SchemaType.Array => ReadArray(schema, json),
            SchemaType.Map => ReadMap(schema, json),
            SchemaType.Struct => ReadStruct(schema, json),
            _ => throw new DataException($"Unknown schema type: {schema.Type}"),
        };
    }

    private bool TryReadLogical(Schema schema, JsonElement json, out object? value)
    {
        switch (schema.Name)
        {
            case ConnectDecimal.LogicalName when schema.Type == SchemaType.Bytes:
                value = ReadDecimal(schema, json);
                return true;
            case ConnectDate.LogicalName when schema.Type == SchemaType.Int32:
                value = ReadDate(json);
                return true;
            case ConnectTime.LogicalName when schema.Type == SchemaType.Int32:
                value = ReadTime(json);
                return true;
            case ConnectTimestamp.LogicalName when schema.Type == SchemaType.Int64:
                value = ReadTimestamp(json);
                return true;
            default:
                value = null;
                return false;
        }
    }

    private DateOnly ReadDate(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Number || !json.TryGetInt32(out var days))
        {
            throw new DataException(_path.Describe($"Invalid type for Date, underlying representation should be integer but was {Describe(json)}"));
        }

        try
        {
            return ConnectDate.ToLogical(days);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new DataException(_path.Describe($"Date value {days} (days since 1970-01-01) is outside the years 1 to 9999 that .NET can represent"), e);
        }
    }

    private TimeOnly ReadTime(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Number || !json.TryGetInt32(out var milliseconds))
        {
            throw new DataException(_path.Describe($"Invalid type for Time, underlying representation should be integer but was {Describe(json)}"));
        }

        return milliseconds is >= 0 and < 86_400_000
            ? ConnectTime.ToLogical(milliseconds)
            : throw new DataException(_path.Describe($"Time values must use number of milliseconds greater than 0 and less than 86400000, not {milliseconds}"));
    }

    private DateTimeOffset ReadTimestamp(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Number || !json.TryGetInt64(out var milliseconds))
        {
            throw new DataException(_path.Describe($"Invalid type for Timestamp, underlying representation should be integral but was {Describe(json)}"));
        }

        try
        {
            return ConnectTimestamp.ToLogical(milliseconds);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new DataException(_path.Describe($"Timestamp value {milliseconds} (ms since the epoch) is outside the years 1 to 9999 that .NET can represent"), e);
        }
    }

    // Either format is accepted whatever decimal.format says, as Kafka does: a JSON number is the exact value, a string
    // is base64 of the unscaled bytes at the schema's scale.
    private decimal ReadDecimal(Schema schema, JsonElement json)
    {
        BigInteger unscaled;
        int scale;
        switch (json.ValueKind)
        {
            case JsonValueKind.Number:
                if (!JavaNumberText.TryParseBigDecimal(json.GetRawText(), out unscaled, out scale))
                {
                    throw new DataException(_path.Describe($"Invalid number for Decimal: {json.GetRawText()}"));
                }

                break;
            case JsonValueKind.String:
                if (!json.TryGetBytesFromBase64(out var bytes) || bytes.Length == 0)
                {
                    throw new DataException(_path.Describe("Invalid bytes for Decimal field: expected base64 of the unscaled value"));
                }

                unscaled = new BigInteger(bytes, isUnsigned: false, isBigEndian: true);
                scale = ConnectDecimal.Scale(schema);
                break;
            default:
                throw new DataException(_path.Describe($"Invalid type for Decimal, underlying representation should be numeric or bytes but was {Describe(json)}"));
        }

        try
        {
            return ConnectDecimal.FromUnscaled(unscaled, scale);
        }
        catch (DataException e)
        {
            throw new DataException(_path.Describe(e.Message), e);
        }
    }

    private long ReadInteger(SchemaType type, JsonElement json, long minimum, long maximum)
    {
        if (json.ValueKind != JsonValueKind.Number)
        {
            throw Mismatch(type, json, "an integer");
        }

        if (!json.TryGetInt64(out var value) || value < minimum || value > maximum)
        {
            throw new DataException(_path.Describe($"Invalid value for {ConnectJsonSchema.TypeText(type)} field: {json.GetRawText()} is not an integer between {minimum} and {maximum}"));
        }

        return value;
    }

    private float ReadFloat32(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Number when json.TryGetSingle(out var value) => value,
        JsonValueKind.String when TryReadNonFinite(json, out var value) => (float)value,
        _ => throw Mismatch(SchemaType.Float32, json, "a number"),
    };

    private double ReadFloat64(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Number when json.TryGetDouble(out var value) => value,
        JsonValueKind.String when TryReadNonFinite(json, out var value) => value,
        _ => throw Mismatch(SchemaType.Float64, json, "a number"),
    };

    // Jackson writes NaN and the infinities as strings; read them back.
    private static bool TryReadNonFinite(JsonElement json, out double value)
    {
        if (json.ValueEquals("NaN"u8))
        {
            value = double.NaN;
        }
        else if (json.ValueEquals("Infinity"u8))
        {
            value = double.PositiveInfinity;
        }
        else if (json.ValueEquals("-Infinity"u8))
        {
            value = double.NegativeInfinity;
        }
        else
        {
            value = 0;
            return false;
        }

        return true;
    }

    private List<object?> ReadArray(Schema schema, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Array)
        {
            throw Mismatch(SchemaType.Array, json, "a JSON array");
        }

        var result = new List<object?>(json.GetArrayLength());
        var index = 0;
        foreach (var element in json.EnumerateArray())
        {
            _path.PushIndex(index++);
            result.Add(ToConnect(schema.ValueSchema, element));
            _path.Pop();
        }

        return result;
    }

    private object ReadMap(Schema schema, JsonElement json)
    {
        if (schema.KeySchema!.Type == SchemaType.String)
        {
            if (json.ValueKind != JsonValueKind.Object)
            {
                throw new DataException(_path.Describe($"Maps with string fields should be encoded as JSON objects, but found {Describe(json)}"));
            }

            var result = new Dictionary<string, object?>(json.GetPropertyCount(), StringComparer.Ordinal);
            foreach (var property in json.EnumerateObject())
            {
                _path.PushKey(property.Name);
                result[property.Name] = ToConnect(schema.ValueSchema, property.Value);
                _path.Pop();
            }

            return result;
        }

        if (json.ValueKind != JsonValueKind.Array)
        {
            throw new DataException(_path.Describe($"Maps with non-string fields should be encoded as JSON array of tuples, but found {Describe(json)}"));
        }

        var pairs = new Dictionary<object, object?>(json.GetArrayLength());
        var index = 0;
        foreach (var entry in json.EnumerateArray())
        {
            _path.PushIndex(index++);
            if (entry.ValueKind != JsonValueKind.Array)
            {
                throw new DataException(_path.Describe($"Found invalid map entry instead of array tuple: {Describe(entry)}"));
            }

            if (entry.GetArrayLength() != 2)
            {
                throw new DataException(_path.Describe($"Found invalid map entry, expected length 2 but found :{entry.GetArrayLength()}"));
            }

            var key = ToConnect(schema.KeySchema, entry[0]) ?? throw new DataException(_path.Describe("Map keys cannot be null"));
            pairs[key] = ToConnect(schema.ValueSchema, entry[1]);
            _path.Pop();
        }

        return pairs;
    }

    private Struct ReadStruct(Schema schema, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new DataException(_path.Describe($"Structs should be encoded as JSON objects, but found {Describe(json)}"));
        }

        var result = new Struct(schema);

        // Writers emit fields in schema order, so walk the properties alongside the fields and only search by name
        // when the order differs or a field is missing.
        var properties = json.EnumerateObject();
        var hasProperty = properties.MoveNext();
        foreach (var field in schema.Fields)
        {
            JsonElement element;
            if (hasProperty && properties.Current.NameEquals(field.Name))
            {
                element = properties.Current.Value;
                hasProperty = properties.MoveNext();
            }
            else if (!json.TryGetProperty(field.Name, out element))
            {
                element = default;
            }

            _path.PushField(field.Name);
            result.Put(field, ToConnect(field.Schema, element));
            _path.Pop();
        }

        return result;
    }

    private object? Infer(JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                return json.GetString();
            case JsonValueKind.Number:
                if (JsonMarshal.GetRawUtf8Value(json).IndexOfAny(".eE"u8) >= 0)
                {
                    return json.TryGetDouble(out var floating)
                        ? floating
                        : throw new DataException(_path.Describe($"Number {json.GetRawText()} is out of the range of a double"));
                }

                return json.TryGetInt64(out var integer)
                    ? integer
                    : throw new DataException(_path.Describe($"Integer {json.GetRawText()} is out of the range of an int64; give the data a schema (decimal) to keep it"));
            case JsonValueKind.Array:
                var list = new List<object?>(json.GetArrayLength());
                var index = 0;
                foreach (var element in json.EnumerateArray())
                {
                    _path.PushIndex(index++);
                    list.Add(Infer(element));
                    _path.Pop();
                }

                return list;
            default:
                var map = new Dictionary<string, object?>(json.GetPropertyCount(), StringComparer.Ordinal);
                foreach (var property in json.EnumerateObject())
                {
                    _path.PushKey(property.Name);
                    map[property.Name] = Infer(property.Value);
                    _path.Pop();
                }

                return map;
        }
    }

    private DataException Mismatch(SchemaType type, JsonElement json, string expected) =>
        new(_path.Describe($"Invalid value for {ConnectJsonSchema.TypeText(type)} field: expected {expected} but found {Describe(json)}"));

    private static string Describe(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => "OBJECT",
        JsonValueKind.Array => "ARRAY",
        JsonValueKind.String => "STRING",
        JsonValueKind.Number => "NUMBER",
        JsonValueKind.True or JsonValueKind.False => "BOOLEAN",
        JsonValueKind.Null => "NULL",
        _ => "MISSING",
    };
}
