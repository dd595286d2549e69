namespace DeltaConnect.Broker.Producers;

/// <summary>What a partition remembers about one producer id: its epoch and its last few batches.</summary>
internal sealed class ProducerEntry
{
    /// <summary>How many recent batches are kept per producer; librdkafka and the Java client keep at most 5 in flight.</summary>
    public const int RetainedBatches = 5;

    public short Epoch { get; set; } = -1;

    public List<ProducerBatch> Batches { get; init; } = [];

    public long LastTimestamp { get; set; }

    public int LastSequence => Batches.Count > 0 ? Batches[^1].LastSequence : -1;

    public void Add(ProducerBatch batch, long timestamp)
    {
        Batches.Add(batch);
        if (Batches.Count > RetainedBatches)
        {
            Batches.RemoveAt(0);
        }

        LastTimestamp = timestamp;
    }
}
