namespace DeltaConnect.Broker.Storage;

/// <summary>A topic name and partition index.</summary>
internal readonly record struct TopicPartition(string Topic, int Partition)
{
    public override string ToString() => $"{Topic}-{Partition}";
}
