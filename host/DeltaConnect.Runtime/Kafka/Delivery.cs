namespace DeltaConnect.Runtime.Kafka;

/// <summary>The outcome of producing one record: where it was stored, or why it failed.</summary>
internal sealed record Delivery(string Topic, int Partition, long Offset, long Timestamp, Exception? Error)
{
    public bool Succeeded => Error is null;
}
