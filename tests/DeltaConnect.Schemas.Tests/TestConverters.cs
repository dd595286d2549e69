using System.Text;
using DeltaConnect.Schemas.Converters;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Schemas.Tests;

/// <summary>Configured converters and byte helpers shared by the tests.</summary>
internal static class TestConverters
{
    public const string Topic = "orders";

    public static JsonConverter NewJson(bool schemas = true, string decimalFormat = "BASE64", bool replaceNullWithDefault = true, int cacheSize = 1000, bool isKey = false)
    {
        var converter = new JsonConverter();
        converter.Configure(
            new Dictionary<string, string>
            {
                ["schemas.enable"] = schemas ? "true" : "false",
                ["decimal.format"] = decimalFormat,
                ["replace.null.with.default"] = replaceNullWithDefault ? "true" : "false",
                ["schemas.cache.size"] = cacheSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            isKey);
        return converter;
    }

    public static string ToJson(this JsonConverter converter, Schema? schema, object? value) =>
        Utf8Text(converter.FromConnectData(Topic, new ConnectHeaders(), schema, value));

    public static SchemaAndValue FromJson(this JsonConverter converter, string json) =>
        converter.ToConnectData(Topic, new ConnectHeaders(), Encoding.UTF8.GetBytes(json));

    public static SchemaAndValue RoundTrip(this JsonConverter converter, Schema? schema, object? value) =>
        converter.ToConnectData(Topic, new ConnectHeaders(), converter.FromConnectData(Topic, new ConnectHeaders(), schema, value));

    public static string Utf8Text(byte[]? bytes) => bytes is null ? "<null>" : Encoding.UTF8.GetString(bytes);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
