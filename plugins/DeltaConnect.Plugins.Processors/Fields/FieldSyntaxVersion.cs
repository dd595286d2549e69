namespace DeltaConnect.Plugins.Processors.Fields;

/// <summary>
/// How field paths in a transform's config are read (Kafka Connect's KIP-821): <see cref="V1"/> names a field at the
/// root of the struct or map; <see cref="V2"/> walks nested fields with dotted paths, with backticks around names
/// that contain dots.
/// </summary>
internal enum FieldSyntaxVersion
{
    /// <summary>Only fields at the root; the path is one field name.</summary>
    V1,

    /// <summary>Dotted paths into nested structs and maps.</summary>
    V2,
}
