using System.Globalization;
using DeltaConnect.Sdk.Data;
using ConnectSchema = DeltaConnect.Sdk.Data.Schema;

namespace DeltaConnect.Plugins.Iceberg.Schema;

/// <summary>
/// Converts a Connect struct schema into an Iceberg schema with fresh field ids: the fields of a struct get consecutive
/// ids first, then their children are numbered (the order Iceberg itself assigns ids in), starting at 1.
/// </summary>
internal static class ConnectSchemaConverter
{
    /// <summary>Debezium's parameter for a decimal column's precision; Connect decimals without it become decimal(38, scale).</summary>
    public const string DecimalPrecisionParameter = "connect.decimal.precision";

    public static IcebergSchema ToIceberg(ConnectSchema schema, int schemaId = 0)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Type != SchemaType.Struct)
        {
            throw new ArgumentException($"An Iceberg table schema must come from a Connect struct schema, not {schema.Type}.", nameof(schema));
        }

        var nextId = 0;
        return new IcebergSchema(schemaId, ConvertStruct(schema, ref nextId, "").Fields);
    }

    /// <summary>A new field for <paramref name="field"/> whose ids continue after <paramref name="lastId"/> (schema evolution).</summary>
    public static NestedField ToNewField(Field field, bool required, ref int lastId)
    {
        ArgumentNullException.ThrowIfNull(field);
        var id = ++lastId;
        return new NestedField(id, field.Name, required, Convert(field.Schema, ref lastId, field.Name), field.Schema.Doc);
    }

    /// <summary>The Iceberg type of a Connect schema, ids numbered from 1 (for comparing primitive types).</summary>
    public static IcebergType ToIcebergType(ConnectSchema schema, string path)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var nextId = 0;
        return Convert(schema, ref nextId, path);
    }

    private static StructType ConvertStruct(ConnectSchema schema, ref int nextId, string path)
    {
        var ids = new int[schema.Fields.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = ++nextId;
        }

        var fields = new List<NestedField>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            var field = schema.Fields[i];
            var type = Convert(field.Schema, ref nextId, path + field.Name);
            fields.Add(new NestedField(ids[i], field.Name, !field.Schema.IsOptional, type, field.Schema.Doc));
        }

        return new StructType(fields);
    }

    private static IcebergType Convert(ConnectSchema schema, ref int nextId, string path)
    {
        switch (schema.Name)
        {
            case ConnectDecimal.LogicalName when schema.Type == SchemaType.Bytes:
                var precision = schema.Parameters.TryGetValue(DecimalPrecisionParameter, out var p)
                    ? int.Parse(p, CultureInfo.InvariantCulture)
                    : 38;
                return PrimitiveType.Decimal(precision, ConnectDecimal.Scale(schema));
            case ConnectDate.LogicalName when schema.Type == SchemaType.Int32:
                return PrimitiveType.Date;
            case ConnectTime.LogicalName when schema.Type == SchemaType.Int32:
                return PrimitiveType.Time;
            case ConnectTimestamp.LogicalName when schema.Type == SchemaType.Int64:
                return PrimitiveType.Timestamptz;
        }

        switch (schema.Type)
        {
            case SchemaType.Int8:
            case SchemaType.Int16:
            case SchemaType.Int32:
                return PrimitiveType.Int;
            case SchemaType.Int64:
                return PrimitiveType.Long;
            case SchemaType.Float32:
                return PrimitiveType.Float;
            case SchemaType.Float64:
                return PrimitiveType.Double;
            case SchemaType.Boolean:
                return PrimitiveType.Boolean;
            case SchemaType.String:
                return PrimitiveType.String;
            case SchemaType.Bytes:
                return PrimitiveType.Binary;
            case SchemaType.Struct:
                return ConvertStruct(schema, ref nextId, path + ".");
            case SchemaType.Array:
                var elementId = ++nextId;
                var element = Convert(schema.ValueSchema!, ref nextId, path + ".element");
                return new ListType(elementId, element, !schema.ValueSchema!.IsOptional);
            case SchemaType.Map:
                var keyId = ++nextId;
                var valueId = ++nextId;
                var key = Convert(schema.KeySchema!, ref nextId, path + ".key");
                var value = Convert(schema.ValueSchema!, ref nextId, path + ".value");
                return new MapType(keyId, key, valueId, value, !schema.ValueSchema!.IsOptional);
            default:
                throw new NotSupportedException($"Field '{path}': Connect type {schema.Type} has no Iceberg equivalent.");
        }
    }
}
