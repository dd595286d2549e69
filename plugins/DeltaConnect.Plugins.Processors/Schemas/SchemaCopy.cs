using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Plugins.Processors.Schemas;

/// <summary>
/// Copies what identifies a schema (name, version, doc, parameters) onto a new builder, as Kafka Connect's
/// <c>SchemaUtil.copySchemaBasics</c> does: optionality, default values and fields are left to the caller.
/// </summary>
internal static class SchemaCopy
{
    /// <summary>Copies the basics of <paramref name="source"/> onto <paramref name="builder"/>.</summary>
    public static SchemaBuilder Basics(Schema source, SchemaBuilder builder)
    {
        builder.Name(source.Name).Version(source.Version).Doc(source.Doc);
        if (source.Parameters.Count > 0)
        {
            builder.Parameters(source.Parameters);
        }

        return builder;
    }

    /// <summary>A builder of the same type as <paramref name="source"/> (with its element schemas) and its basics.</summary>
    public static SchemaBuilder Basics(Schema source)
    {
        var builder = source.Type switch
        {
            SchemaType.Array => SchemaBuilder.Array(source.ValueSchema!),
            SchemaType.Map => SchemaBuilder.Map(source.KeySchema!, source.ValueSchema!),
            _ => SchemaBuilder.Type(source.Type),
        };
        return Basics(source, builder);
    }

    /// <summary>
    /// Builds a struct schema whose default is derived from an existing default struct. The SDK checks that a default
    /// struct has the schema being built (without its default), so the schema is built first without the default, the
    /// default is made for it, and the schema is built again with it.
    /// </summary>
    public static Schema WithStructDefault(Schema withoutDefault, Func<Schema, Struct> makeDefault)
    {
        var defaultValue = makeDefault(withoutDefault);
        return SchemaBuilder.From(withoutDefault).DefaultValue(defaultValue).Build();
    }
}
