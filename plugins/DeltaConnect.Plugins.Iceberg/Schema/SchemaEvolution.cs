using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using ConnectSchema = DeltaConnect.Sdk.Data.Schema;

namespace DeltaConnect.Plugins.Iceberg.Schema;

/// <summary>
/// Evolves a table schema so that rows of a Connect schema fit it, as Iceberg's schema evolution allows (spec "Schema
/// Evolution"): a field the table lacks is added as an optional column with a new field id (nested struct fields too),
/// <c>int</c> widens to <c>long</c>, <c>float</c> to <c>double</c>, a decimal's precision grows at the same scale, and a
/// required column becomes optional when rows have it optional or lack it. Existing field ids never change. Any other type
/// change fails with an error naming the column.
/// </summary>
internal static class SchemaEvolution
{
    /// <summary>
    /// The evolved schema (with id <c>table.SchemaId + 1</c>) and the new highest field id, or null when rows of
    /// <paramref name="record"/> already fit <paramref name="table"/>.
    /// </summary>
    public static (IcebergSchema Schema, int LastColumnId)? Evolve(IcebergSchema table, int lastColumnId, ConnectSchema record, string tableName)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(record);
        var changed = false;
        var evolved = EvolveStruct(table.Struct, record, ref lastColumnId, "", tableName, ref changed);
        return changed ? (new IcebergSchema(table.SchemaId + 1, evolved.Fields), lastColumnId) : null;
    }

    private static StructType EvolveStruct(StructType table, ConnectSchema record, ref int lastId, string path, string tableName, ref bool changed)
    {
        var fields = new List<NestedField>(table.Fields.Count);
        foreach (var field in table.Fields)
        {
            if (record.Field(field.Name) is not { } recordField)
            {
                changed |= field.Required;
                fields.Add(field with { Required = false });
                continue;
            }

            var type = EvolveType(field.Type, recordField.Schema, ref lastId, path + field.Name, tableName, ref changed);
            var required = field.Required && !recordField.Schema.IsOptional;
            changed |= required != field.Required;
            fields.Add(field with { Type = type, Required = required });
        }

        foreach (var recordField in record.Fields)
        {
            if (!table.Fields.Any(f => f.Name == recordField.Name))
            {
                fields.Add(ConnectSchemaConverter.ToNewField(recordField, required: false, ref lastId));
                changed = true;
            }
        }

        return new StructType(fields);
    }

    private static IcebergType EvolveType(IcebergType table, ConnectSchema record, ref int lastId, string path, string tableName, ref bool changed)
    {
        switch (table)
        {
            case StructType structType when record.Type == SchemaType.Struct:
                return EvolveStruct(structType, record, ref lastId, path + ".", tableName, ref changed);
            case ListType list when record.Type == SchemaType.Array:
                var element = EvolveType(list.Element, record.ValueSchema!, ref lastId, path + ".element", tableName, ref changed);
                var elementRequired = list.ElementRequired && !record.ValueSchema!.IsOptional;
                changed |= elementRequired != list.ElementRequired;
                return new ListType(list.ElementId, element, elementRequired);
            case MapType when record.Type == SchemaType.Map:
                // Maps are not written (the Parquet writer rejects them), so there is nothing to evolve them for.
                return table;
            case PrimitiveType primitive when record.Type is not (SchemaType.Struct or SchemaType.Array or SchemaType.Map):
                var incoming = (PrimitiveType)ConnectSchemaConverter.ToIcebergType(record, path);
                if (Widened(primitive, incoming) is { } widened)
                {
                    changed |= !widened.Equals(primitive);
                    return widened;
                }

                break;
        }

        throw new DataException(
            $"Column '{path}' of table {tableName} is {Describe(table)}, but the record has it as {Describe(ConnectSchemaConverter.ToIcebergType(record, path))}: Iceberg can only widen int to long, float to double " +
            "and a decimal's precision. Write the new type under a new column name (or recreate the table).");
    }

    /// <summary>The column type that holds values of both types, or null when Iceberg cannot promote one to the other.</summary>
    private static PrimitiveType? Widened(PrimitiveType table, PrimitiveType incoming) => (table.Kind, incoming.Kind) switch
    {
        _ when table.Equals(incoming) => table,
        (PrimitiveKind.Int, PrimitiveKind.Long) => PrimitiveType.Long,
        (PrimitiveKind.Long, PrimitiveKind.Int) => table,
        (PrimitiveKind.Float, PrimitiveKind.Double) => PrimitiveType.Double,
        (PrimitiveKind.Double, PrimitiveKind.Float) => table,
        (PrimitiveKind.Decimal, PrimitiveKind.Decimal) when table.Scale == incoming.Scale =>
            incoming.Precision > table.Precision ? incoming : table,
        _ => null,
    };

    private static string Describe(IcebergType type) => type switch
    {
        PrimitiveType primitive => primitive.Name,
        StructType => "a struct",
        ListType => "a list",
        _ => "a map",
    };
}
