using DeltaConnect.Schemas.Text;
using DeltaConnect.Sdk.Config;

namespace DeltaConnect.Schemas.Converters;

/// <summary>The settings of <see cref="StringConverter"/>, with Kafka Connect's names and defaults.</summary>
internal sealed class StringConverterConfig : ParsedConfig
{
    public const string Encoding = "converter.encoding";

    public StringConverterConfig(IReadOnlyDictionary<string, string> originals)
        : base(Definition, originals)
    {
        Charset = JavaCharset.ForName(GetString(Encoding)!)!;
    }

    public static new ConfigDef Definition { get; } = new ConfigDef()
        .Define(
            Encoding, ConfigType.String, "UTF-8",
            Validators.Lambda(
                value => value is string name && JavaCharset.ForName(name) is null
                    ? $"not a supported character set; use one of {string.Join(", ", JavaCharset.SupportedNames)}"
                    : null,
                "a Java character set name"),
            Importance.High,
            "The name of the Java character set to use for encoding strings as byte arrays.",
            null, -1, Width.Medium, "Encoding");

    /// <summary>The configured character set (validated, so never null).</summary>
    public JavaCharset Charset { get; }
}
