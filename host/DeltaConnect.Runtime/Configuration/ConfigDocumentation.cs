using System.Text;
using DeltaConnect.Sdk.Config;

namespace DeltaConnect.Runtime.Configuration;

/// <summary>
/// Renders a <see cref="ConfigDef"/> as the Markdown table the docs show, so documentation is generated from the
/// one declaration of each setting (a test checks the docs against it).
/// </summary>
internal static class ConfigDocumentation
{
    public static string Table(ConfigDef definition)
    {
        var text = new StringBuilder();
        text.AppendLine("| name | type | default | valid values | description |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var key in definition.ConfigKeys.Values)
        {
            var @default = !key.HasDefault ? "(required)" : key.DefaultValue is null ? "null" : ConfigDef.FormatValue(key.Type, key.DefaultValue) is { Length: > 0 } d ? $"`{d}`" : "\"\"";
            text.AppendLine($"| `{key.Name}` | {key.Type.ToString().ToLowerInvariant()} | {@default} | {key.Validator?.Describe() ?? ""} | {key.Documentation.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        return text.ToString();
    }
}
