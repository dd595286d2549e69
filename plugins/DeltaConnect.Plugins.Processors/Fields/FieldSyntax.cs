using DeltaConnect.Sdk.Config;

namespace DeltaConnect.Plugins.Processors.Fields;

/// <summary>The <c>field.syntax.version</c> option shared by transforms that take field paths.</summary>
internal static class FieldSyntax
{
    public const string ConfigName = "field.syntax.version";

    public const string Documentation =
        "Defines the version of the syntax to access fields. If set to `V1`, then the field paths are limited to access the elements at the root level of the struct or map. " +
        "If set to `V2`, the syntax will support accessing nested elements. To access nested elements, dotted notation is used. " +
        "If dots are already included in the field name, then backtick pairs can be used to wrap field names containing dots. " +
        "E.g. to access the subfield `baz` from a field named \"foo.bar\" in a struct/map the following format can be used to access its elements: \"`foo.bar`.baz\".";

    /// <summary>Adds the option to <paramref name="definition"/>.</summary>
    public static ConfigDef AppendTo(ConfigDef definition) => definition.Define(
        ConfigName, ConfigType.String, nameof(FieldSyntaxVersion.V1), Validators.InIgnoringCase(nameof(FieldSyntaxVersion.V1), nameof(FieldSyntaxVersion.V2)),
        Importance.High, Documentation);

    /// <summary>The version chosen in <paramref name="config"/>.</summary>
    public static FieldSyntaxVersion From(ParsedConfig config) =>
        string.Equals(config.GetString(ConfigName), nameof(FieldSyntaxVersion.V2), StringComparison.OrdinalIgnoreCase) ? FieldSyntaxVersion.V2 : FieldSyntaxVersion.V1;
}
