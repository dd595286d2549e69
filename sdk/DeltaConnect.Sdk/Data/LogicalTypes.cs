namespace DeltaConnect.Sdk.Data;

/// <summary>Which .NET type values of a logical schema must have.</summary>
internal static class LogicalTypes
{
    public static Type? ExpectedClrType(Schema schema) => schema.Name switch
    {
        ConnectDecimal.LogicalName when schema.Type == SchemaType.Bytes => typeof(decimal),
        ConnectDate.LogicalName when schema.Type == SchemaType.Int32 => typeof(DateOnly),
        ConnectTime.LogicalName when schema.Type == SchemaType.Int32 => typeof(TimeOnly),
        ConnectTimestamp.LogicalName when schema.Type == SchemaType.Int64 => typeof(DateTimeOffset),
        _ => null,
    };
}
