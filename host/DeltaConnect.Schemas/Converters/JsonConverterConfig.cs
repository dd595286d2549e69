using DeltaConnect.Schemas.Json;
using DeltaConnect.Sdk.Config;

namespace DeltaConnect.Schemas.Converters;

/// <summary>The settings of <see cref="JsonConverter"/>, with Kafka Connect's names, defaults and documentation.</summary>
internal sealed class JsonConverterConfig : ParsedConfig
{
    public const string SchemasEnable = "schemas.enable";
    public const string SchemasCacheSize = "schemas.cache.size";
    public const string DecimalFormat = "decimal.format";
    public const string ReplaceNullWithDefault = "replace.null.with.default";

    public JsonConverterConfig(IReadOnlyDictionary<string, string> originals)
        : base(Definition, originals)
    {
    }

    public static new ConfigDef Definition { get; } = new ConfigDef()
        .Define(
            SchemasEnable, ConfigType.Boolean, true, null, Importance.High,
            "Include schemas within each of the serialized values and keys.",
            "Schemas", 0, Width.Medium, "Enable Schemas")
        .Define(
            SchemasCacheSize, ConfigType.Int, 1000, Validators.AtLeast(0), Importance.High,
            "The maximum number of schemas that can be cached in this converter instance.",
            "Schemas", 1, Width.Medium, "Schema Cache Size")
        .Define(
            DecimalFormat, ConfigType.String, "BASE64", Validators.InIgnoringCase("BASE64", "NUMERIC"), Importance.Low,
            "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
            "Serialization", 0, Width.Medium, "Decimal Format")
        .Define(
            ReplaceNullWithDefault, ConfigType.Boolean, true, null, Importance.Low,
            "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.",
            "Serialization", 1, Width.Medium, "Replace null with default");

    public bool SchemasEnabled => GetBoolean(SchemasEnable);

    public int SchemaCacheSize => GetInt(SchemasCacheSize);

    public JsonDecimalFormat DecimalFormatting =>
        string.Equals(GetString(DecimalFormat), "NUMERIC", StringComparison.OrdinalIgnoreCase) ? JsonDecimalFormat.Numeric : JsonDecimalFormat.Base64;

    public bool ReplacesNullWithDefault => GetBoolean(ReplaceNullWithDefault);
}
