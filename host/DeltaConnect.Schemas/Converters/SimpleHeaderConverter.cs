using System.Text;
using DeltaConnect.Schemas.Headers;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Converters;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Schemas.Converters;

/// <summary>
/// Kafka Connect's default header converter (<c>org.apache.kafka.connect.storage.SimpleHeaderConverter</c>): writes
/// header values as UTF-8 text without a schema and infers the schema when reading. Strings are written as they are,
/// numbers and booleans as Java prints them (<c>42</c>, <c>1.5</c>, <c>true</c>), bytes as base64, dates, times and
/// timestamps in ISO-8601 UTC (<c>2024-05-01</c>, <c>13:45:00.000Z</c>, <c>2024-05-01T13:45:00.000Z</c>), and arrays,
/// maps and structs in a JSON-like form (<c>[1,2]</c>, <c>{"k":"v"}</c>, <c>{"id":1,"name":"x"}</c>). Reading gives
/// <c>true</c>/<c>false</c> as booleans, whole numbers as the smallest integer type that holds them (int8, int16,
/// int32, int64), other numbers as float32 (or float64, or Decimal when a float cannot hold them), the ISO forms as
/// Date, Time and Timestamp, <c>[...]</c> and <c>{...}</c> as arrays and maps, <c>null</c> as no value, and anything
/// else as a string. A struct comes back as a map (its schema is not in the header).
/// </summary>
/// <remarks>
/// Not covered, or deliberately different from Kafka Connect (see <c>HeaderValueParser</c>): arrays and maps without a
/// common element type (empty, all null, or mixed) come back with no schema, since the SDK has no schema for
/// "array of anything"; text is a number, date or container only when all of it parses, so <c>1,2</c> stays a string
/// (Kafka returns 1); <c>\"</c> and <c>\\</c> in quoted strings inside containers are unescaped; dates are parsed
/// strictly and in UTC (Kafka uses the JVM's zone).
/// </remarks>
[PluginAlias("org.apache.kafka.connect.storage.SimpleHeaderConverter")]
public sealed class SimpleHeaderConverter : HeaderConverter
{
    private static readonly ConfigDef Definition = new();

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
    }

    /// <inheritdoc />
    /// <exception cref="Sdk.Errors.DataException">For a value of a type that has no text form.</exception>
    public override byte[]? FromConnectHeader(string topic, string headerKey, Schema? schema, object? value) =>
        value is null ? null : Encoding.UTF8.GetBytes(HeaderValueText.Format(schema, value));

    /// <inheritdoc />
    public override SchemaAndValue ToConnectHeader(string topic, string headerKey, byte[]? value) =>
        value is null ? SchemaAndValue.Null : HeaderValueParser.Parse(Encoding.UTF8.GetString(value));
}
