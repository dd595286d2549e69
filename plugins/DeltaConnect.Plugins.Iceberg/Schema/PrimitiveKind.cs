namespace DeltaConnect.Plugins.Iceberg.Schema;

/// <summary>The Iceberg primitive types this implementation reads and writes.</summary>
internal enum PrimitiveKind
{
    Boolean,
    Int,
    Long,
    Float,
    Double,
    Decimal,
    Date,
    Time,
    Timestamp,
    Timestamptz,
    String,
    Binary,
}
