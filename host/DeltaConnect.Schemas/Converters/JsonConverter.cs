using DeltaConnect.Schemas.Caching;
using DeltaConnect.Schemas.Json;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Converters;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Schemas.Converters;

/// <summary>
/// Kafka Connect's JSON converter, byte-compatible with <c>org.apache.kafka.connect.json.JsonConverter</c>: with
/// <c>schemas.enable=true</c> (the default) each key or value is written as <c>{"schema":{...},"payload":...}</c>,
/// otherwise as plain JSON. Decimals are base64 of the unscaled bytes or, with <c>decimal.format=NUMERIC</c>, JSON
/// numbers; dates are days, times milliseconds of the day, timestamps milliseconds since the epoch; bytes are base64;
/// maps with string keys are objects and other maps arrays of <c>[key, value]</c> pairs. A null value without a
/// schema is written as no bytes (a tombstone), and no bytes read back as no schema and no value.
/// </summary>
/// <remarks>
/// <para>
/// Reading infers the data of schemaless JSON: objects become <c>Dictionary&lt;string, object?&gt;</c>, arrays
/// <c>List&lt;object?&gt;</c>, integers <see cref="long"/>, other numbers <see cref="double"/>. Parsed schemas are
/// cached by their exact JSON text and the JSON of written schemas by schema instance, each up to
/// <c>schemas.cache.size</c> entries (least recently used out first); reading returns the same
/// <see cref="Schema"/> instance for the same schema text, so converting it back hits the cache.
/// </para>
/// <para>
/// Differences from Kafka Connect: input must be strict JSON (Kafka also accepts numbers with leading zeros and
/// ignores content after the first JSON value); a payload that does not fit its schema (a string for an int32, a
/// fraction or an out-of-range number for an integer type, a non-array for an array) is an error where Kafka would
/// coerce it; NaN and infinities are read back from the strings Kafka writes for them; an integer beyond int64
/// without a schema is an error instead of being truncated. This converter is not a header converter (Kafka's
/// class is both); use <see cref="SimpleHeaderConverter"/> for headers.
/// </para>
/// </remarks>
[PluginAlias("org.apache.kafka.connect.json.JsonConverter")]
public sealed class JsonConverter : Converter
{
    private JsonConverterConfig _config = new(new Dictionary<string, string>());
    private LruCache<Schema, byte[]> _schemaJsonCache = null!;
    private LruCache<byte[], Schema> _parsedSchemaCache = null!;
    private ConnectJsonWriter? _spareWriter;
    private ConnectJsonReader? _spareReader;

    /// <summary>Creates a converter with the default settings; <see cref="Configure"/> replaces them.</summary>
    public JsonConverter() => Apply(_config);

    /// <inheritdoc />
    public override ConfigDef Config => JsonConverterConfig.Definition;

    /// <summary>How many schemas' JSON is cached for writing.</summary>
    internal int SchemaJsonCacheCount => _schemaJsonCache.Count;

    /// <summary>How many parsed schemas are cached for reading.</summary>
    internal int ParsedSchemaCacheCount => _parsedSchemaCache.Count;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config, bool isKey)
    {
        ArgumentNullException.ThrowIfNull(config);
        Apply(new JsonConverterConfig(config));
    }

    /// <inheritdoc />
    public override byte[]? FromConnectData(string topic, ConnectHeaders headers, Schema? schema, object? value)
    {
        if (schema is null && value is null)
        {
            return null;
        }

        var writer = Interlocked.Exchange(ref _spareWriter, null) ?? NewWriter();
        try
        {
            return writer.Write(schema, value, _config.SchemasEnabled);
        }
        finally
        {
            _spareWriter = writer;
        }
    }

    /// <inheritdoc />
    public override SchemaAndValue ToConnectData(string topic, ConnectHeaders headers, byte[]? value)
    {
        if (value is null)
        {
            return SchemaAndValue.Null;
        }

        var reader = Interlocked.Exchange(ref _spareReader, null) ?? NewReader();
        try
        {
            return reader.Read(value, _config.SchemasEnabled);
        }
        finally
        {
            _spareReader = reader;
        }
    }

    private void Apply(JsonConverterConfig config)
    {
        _config = config;
        _schemaJsonCache = new LruCache<Schema, byte[]>(config.SchemaCacheSize, ReferenceEqualityComparer.Instance);
        _parsedSchemaCache = new LruCache<byte[], Schema>(config.SchemaCacheSize, ByteSequenceComparer.Instance);
        Interlocked.Exchange(ref _spareWriter, null)?.Dispose();
        _spareReader = null;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Interlocked.Exchange(ref _spareWriter, null)?.Dispose();
        }

        base.Dispose(disposing);
    }

    private ConnectJsonWriter NewWriter() => new(_config.DecimalFormatting, _config.ReplacesNullWithDefault, _schemaJsonCache);

    private ConnectJsonReader NewReader() => new(_config.ReplacesNullWithDefault, _parsedSchemaCache);
}
