using System.Buffers;
using System.Collections;
using System.Text.Json;
using DeltaConnect.Schemas.Caching;
using DeltaConnect.Schemas.Text;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Schemas.Json;

/// <summary>
/// Writes Connect data as Kafka Connect's JsonConverter does: the same envelope, the same schema JSON with its
/// properties in the same order, the same number formats and string escaping, so the bytes are identical. One
/// instance serves one call at a time (it owns a reusable buffer); the converter keeps a spare between calls.
/// </summary>
internal sealed class ConnectJsonWriter : IDisposable
{
    private const int RetainedBufferBytes = 1 << 20;
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JacksonStringEncoder.Instance };

    private readonly JsonDecimalFormat _decimalFormat;
    private readonly bool _replaceNullWithDefault;
    private readonly LruCache<Schema, byte[]> _schemaJsonCache;
    private readonly ValuePath _path = new();
    private readonly Utf8JsonWriter _json;
    private ArrayBufferWriter<byte> _buffer = new(256);

    public ConnectJsonWriter(JsonDecimalFormat decimalFormat, bool replaceNullWithDefault, LruCache<Schema, byte[]> schemaJsonCache)
    {
        _decimalFormat = decimalFormat;
        _replaceNullWithDefault = replaceNullWithDefault;
        _schemaJsonCache = schemaJsonCache;
        _json = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>
    /// The JSON of <paramref name="value"/>: inside the <c>{"schema":...,"payload":...}</c> envelope when
    /// <paramref name="withEnvelope"/>, else the bare value.
    /// </summary>
    /// <exception cref="DataException">When the value does not fit the schema or cannot be written as JSON.</exception>
    public byte[] Write(Schema? schema, object? value, bool withEnvelope)
    {
        try
        {
            if (withEnvelope)
            {
                _json.WriteStartObject();
                _json.WritePropertyName(ConnectJsonSchema.EnvelopeSchema);
                if (schema is null)
                {
                    _json.WriteNullValue();
                }
                else
                {
                    WriteCachedSchema(schema);
                }

                _json.WritePropertyName(ConnectJsonSchema.EnvelopePayload);
                WriteValue(schema, value);
                _json.WriteEndObject();
            }
            else
            {
                WriteValue(schema, value);
            }

            _json.Flush();
            return _buffer.WrittenSpan.ToArray();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Utf8JsonWriter refuses invalid UTF-16 (a lone surrogate) and over-deep nesting.
            throw new DataException(_path.Describe($"Converting Kafka Connect data to byte[] failed due to serialization error: {e.Message}"), e);
        }
        finally
        {
            Reset();
        }
    }

    public void Dispose() => _json.Dispose();

    private void Reset()
    {
        _path.Clear();
        if (_buffer.Capacity > RetainedBufferBytes)
        {
            _buffer = new ArrayBufferWriter<byte>(256);
        }
        else
        {
            _buffer.ResetWrittenCount();
        }

        _json.Reset(_buffer);
    }

    private void WriteCachedSchema(Schema schema)
    {
        if (_schemaJsonCache.TryGet(schema, out var cached))
        {
            _json.WriteRawValue(cached, skipInputValidation: true);
            return;
        }

        _json.Flush();
        var start = _buffer.WrittenCount;
        WriteSchema(schema, null);
        _json.Flush();
        _schemaJsonCache.Add(schema, _buffer.WrittenSpan[start..].ToArray());
    }

    // Property order is Kafka's: type, then items / keys+values / fields, optional, name, version, doc, parameters,
    // default, and for a struct field its name last.
    private void WriteSchema(Schema schema, string? fieldName)
    {
        _json.WriteStartObject();
        _json.WriteString(ConnectJsonSchema.Type, ConnectJsonSchema.TypeName(schema.Type));
        switch (schema.Type)
        {
            case SchemaType.Array:
                _json.WritePropertyName(ConnectJsonSchema.Items);
                WriteSchema(schema.ValueSchema!, null);
                break;
            case SchemaType.Map:
                _json.WritePropertyName(ConnectJsonSchema.Keys);
                WriteSchema(schema.KeySchema!, null);
                _json.WritePropertyName(ConnectJsonSchema.Values);
                WriteSchema(schema.ValueSchema!, null);
                break;
            case SchemaType.Struct:
                _json.WriteStartArray(ConnectJsonSchema.Fields);
                foreach (var field in schema.Fields)
                {
                    WriteSchema(field.Schema, field.Name);
                }

                _json.WriteEndArray();
                break;
        }

        _json.WriteBoolean(ConnectJsonSchema.Optional, schema.IsOptional);
        if (schema.Name is not null)
        {
            _json.WriteString(ConnectJsonSchema.Name, schema.Name);
        }

        if (schema.Version is { } version)
        {
            _json.WriteNumber(ConnectJsonSchema.Version, version);
        }

        if (schema.Doc is not null)
        {
            _json.WriteString(ConnectJsonSchema.Doc, schema.Doc);
        }

        if (schema.Parameters.Count > 0)
        {
            _json.WriteStartObject(ConnectJsonSchema.Parameters);
            foreach (var (key, value) in schema.Parameters)
            {
                _json.WriteString(key, value);
            }

            _json.WriteEndObject();
        }

        if (schema.DefaultValue is { } defaultValue)
        {
            _json.WritePropertyName(ConnectJsonSchema.Default);

            // A struct default was built against the schema before it had its default, so it carries that schema.
            WriteValue(defaultValue is Struct structDefault ? structDefault.Schema : schema, defaultValue);
        }

        if (fieldName is not null)
        {
            _json.WriteString(ConnectJsonSchema.Field, fieldName);
        }

        _json.WriteEndObject();
    }

    private void WriteValue(Schema? schema, object? value)
    {
        if (value is null)
        {
            WriteNull(schema);
            return;
        }

        if (schema?.Name is not null && TryWriteLogical(schema, value))
        {
            return;
        }

        var type = schema?.Type ?? InferType(value);
        switch (type)
        {
            case SchemaType.Int8:
                _json.WriteNumberValue(value is sbyte int8 ? int8 : throw InvalidType(type, value));
                break;
            case SchemaType.Int16:
                _json.WriteNumberValue(value is short int16 ? int16 : throw InvalidType(type, value));
                break;
            case SchemaType.Int32:
                _json.WriteNumberValue(value is int int32 ? int32 : throw InvalidType(type, value));
                break;
            case SchemaType.Int64:
                _json.WriteNumberValue(value is long int64 ? int64 : throw InvalidType(type, value));
                break;
            case SchemaType.Float32:
                WriteFloat(value is float float32 ? float32 : throw InvalidType(type, value));
                break;
            case SchemaType.Float64:
                WriteDouble(value is double float64 ? float64 : throw InvalidType(type, value));
                break;
            case SchemaType.Boolean:
                _json.WriteBooleanValue(value is bool boolean ? boolean : throw InvalidType(type, value));
                break;
            case SchemaType.String:
                _json.WriteStringValue(value as string ?? throw InvalidType(type, value));
                break;
            case SchemaType.Bytes:
                WriteBytes(value, type);
                break;
            case SchemaType.Array:
                WriteArray(schema, value as IList ?? throw InvalidType(type, value));
                break;
            case SchemaType.Map:
                WriteMap(schema, value as IDictionary ?? throw InvalidType(type, value));
                break;
            case SchemaType.Struct:
                WriteStruct(schema, value as Struct ?? throw InvalidType(type, value));
                break;
            default:
                throw new DataException(_path.Describe($"Couldn't convert {value} to JSON."));
        }
    }

    private void WriteNull(Schema? schema)
    {
        if (schema is null)
        {
            _json.WriteNullValue();
        }
        else if (schema.DefaultValue is { } defaultValue && _replaceNullWithDefault)
        {
            WriteValue(defaultValue is Struct structDefault ? structDefault.Schema : schema, defaultValue);
        }
        else if (schema.IsOptional)
        {
            _json.WriteNullValue();
        }
        else
        {
            throw new DataException(_path.Describe("Conversion error: null value for field that is required and has no default value"));
        }
    }

    private bool TryWriteLogical(Schema schema, object value)
    {
        switch (schema.Name)
        {
            case ConnectDecimal.LogicalName when schema.Type == SchemaType.Bytes:
                if (value is not decimal number)
                {
                    throw InvalidLogicalType("Decimal", "decimal", value);
                }

                var scale = ConnectDecimal.Scale(schema);
                var unscaled = ConnectDecimal.UnscaledValue(number, scale);
                if (_decimalFormat == JsonDecimalFormat.Numeric)
                {
                    _json.WriteRawValue(JavaNumberText.FormatBigDecimal(unscaled, scale), skipInputValidation: true);
                }
                else
                {
                    _json.WriteBase64StringValue(unscaled.ToByteArray(isUnsigned: false, isBigEndian: true));
                }

                return true;
            case ConnectDate.LogicalName when schema.Type == SchemaType.Int32:
                _json.WriteNumberValue(value is DateOnly date ? ConnectDate.FromLogical(date) : throw InvalidLogicalType("Date", nameof(DateOnly), value));
                return true;
            case ConnectTime.LogicalName when schema.Type == SchemaType.Int32:
                _json.WriteNumberValue(value is TimeOnly time ? ConnectTime.FromLogical(time) : throw InvalidLogicalType("Time", nameof(TimeOnly), value));
                return true;
            case ConnectTimestamp.LogicalName when schema.Type == SchemaType.Int64:
                _json.WriteNumberValue(value is DateTimeOffset timestamp ? ConnectTimestamp.FromLogical(timestamp) : throw InvalidLogicalType("Timestamp", nameof(DateTimeOffset), value));
                return true;
            default:
                return false;
        }
    }

    private void WriteFloat(float value)
    {
        Span<char> text = stackalloc char[JavaNumberText.MaxFloatingLength];
        var length = JavaNumberText.Format(value, text);
        WriteFloatingText(text[..length], float.IsFinite(value));
    }

    private void WriteDouble(double value)
    {
        Span<char> text = stackalloc char[JavaNumberText.MaxFloatingLength];
        var length = JavaNumberText.Format(value, text);
        WriteFloatingText(text[..length], double.IsFinite(value));
    }

    // Jackson writes NaN and the infinities as strings ("NaN", "Infinity", "-Infinity"): JSON has no such numbers.
    private void WriteFloatingText(ReadOnlySpan<char> text, bool finite)
    {
        if (finite)
        {
            _json.WriteRawValue(text, skipInputValidation: true);
        }
        else
        {
            _json.WriteStringValue(text);
        }
    }

    private void WriteBytes(object value, SchemaType type)
    {
        switch (value)
        {
            case byte[] bytes:
                _json.WriteBase64StringValue(bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                _json.WriteBase64StringValue(memory.Span);
                break;
            default:
                throw InvalidType(type, value);
        }
    }

    private void WriteArray(Schema? schema, IList list)
    {
        var elementSchema = schema?.ValueSchema;
        _json.WriteStartArray();
        for (var i = 0; i < list.Count; i++)
        {
            _path.PushIndex(i);
            WriteValue(elementSchema, list[i]);
            _path.Pop();
        }

        _json.WriteEndArray();
    }

    // Maps with string keys are JSON objects; other maps are arrays of [key, value] pairs. Without a schema, a map is
    // an object when every key is a string.
    private void WriteMap(Schema? schema, IDictionary map)
    {
        var keySchema = schema?.KeySchema;
        var valueSchema = schema?.ValueSchema;
        var objectMode = schema is null ? AllKeysAreStrings(map) : keySchema!.Type == SchemaType.String;
        var entries = map.GetEnumerator();
        if (objectMode)
        {
            _json.WriteStartObject();
            while (entries.MoveNext())
            {
                var key = entries.Key as string ?? throw InvalidType(SchemaType.String, entries.Key);
                _path.PushKey(key);
                _json.WritePropertyName(key);
                WriteValue(valueSchema, entries.Value);
                _path.Pop();
            }

            _json.WriteEndObject();
            return;
        }

        _json.WriteStartArray();
        while (entries.MoveNext())
        {
            _path.PushKey(entries.Key);
            _json.WriteStartArray();
            WriteValue(keySchema, entries.Key);
            WriteValue(valueSchema, entries.Value);
            _json.WriteEndArray();
            _path.Pop();
        }

        _json.WriteEndArray();
    }

    private static bool AllKeysAreStrings(IDictionary map)
    {
        foreach (var key in map.Keys)
        {
            if (key is not string)
            {
                return false;
            }
        }

        return true;
    }

    private void WriteStruct(Schema? schema, Struct value)
    {
        if (schema is null)
        {
            throw new DataException(_path.Describe($"A Struct cannot be written without its schema; pass the struct's schema ({value.Schema}) with the value."));
        }

        if (!ReferenceEquals(value.Schema, schema) && !value.Schema.Equals(schema))
        {
            throw new DataException(_path.Describe($"Mismatching schema: the struct's schema {value.Schema} is not the expected {schema}."));
        }

        _json.WriteStartObject();
        foreach (var field in schema.Fields)
        {
            _path.PushField(field.Name);
            _json.WritePropertyName(field.Name);
            WriteValue(field.Schema, value.GetWithoutDefault(field.Name));
            _path.Pop();
        }

        _json.WriteEndObject();
    }

    private SchemaType InferType(object value) => value switch
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
        IList => SchemaType.Array,
        IDictionary => SchemaType.Map,
        Struct => SchemaType.Struct,
        _ => throw new DataException(_path.Describe(
            $".NET type {value.GetType()} does not have a corresponding schema type; without a schema, values must be " +
            "sbyte, short, int, long, float, double, bool, string, byte[], IList or IDictionary.")),
    };

    private DataException InvalidType(SchemaType type, object? value) =>
        new(_path.Describe($"Invalid type for {ConnectJsonSchema.TypeText(type)}: {value?.GetType().ToString() ?? "null"}"));

    private DataException InvalidLogicalType(string logicalType, string expected, object value) =>
        new(_path.Describe($"Invalid type for {logicalType}, expected {expected} but was {value.GetType()}"));
}
