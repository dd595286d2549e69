namespace DeltaConnect.Protocol.Records;

/// <summary>Header fields of a batch written by <see cref="RecordBatchBuilder"/>.</summary>
public sealed record RecordBatchOptions
{
    /// <summary>Base offset; defaults to the first record's offset.</summary>
    public long? BaseOffset { get; init; }

    /// <summary>Last offset delta; defaults to the last record's. Compaction keeps the original so producer state stays consistent.</summary>
    public int? LastOffsetDelta { get; init; }

    /// <summary>Base timestamp; defaults to the first record's timestamp.</summary>
    public long? BaseTimestamp { get; init; }

    /// <summary>Max timestamp; defaults to the largest record timestamp. With <see cref="LogAppendTime"/>, the append time.</summary>
    public long? MaxTimestamp { get; init; }

    /// <summary>Codec for the records section.</summary>
    public CompressionType Compression { get; init; } = CompressionType.None;

    /// <summary>True for LogAppendTime timestamps.</summary>
    public bool LogAppendTime { get; init; }

    /// <summary>True for transactional batches.</summary>
    public bool Transactional { get; init; }

    /// <summary>True for control batches.</summary>
    public bool Control { get; init; }

    /// <summary>Producer id, or -1.</summary>
    public long ProducerId { get; init; } = RecordBatchHeader.NoProducerId;

    /// <summary>Producer epoch, or -1.</summary>
    public short ProducerEpoch { get; init; } = -1;

    /// <summary>Sequence of the first record, or -1.</summary>
    public int BaseSequence { get; init; } = -1;

    /// <summary>Partition leader epoch.</summary>
    public int PartitionLeaderEpoch { get; init; }
}
