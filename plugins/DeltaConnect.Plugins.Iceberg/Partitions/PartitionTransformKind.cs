namespace DeltaConnect.Plugins.Iceberg.Partitions;

/// <summary>The partition transforms the sink writes.</summary>
internal enum PartitionTransformKind
{
    Identity,
    Bucket,
    Year,
    Month,
    Day,
    Hour,
}
