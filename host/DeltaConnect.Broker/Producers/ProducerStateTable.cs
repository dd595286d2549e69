using System.Text.Json;
using DeltaConnect.Protocol.Messages;
using DeltaConnect.Protocol.Records;

namespace DeltaConnect.Broker.Producers;

/// <summary>
/// Idempotent-producer state of one partition: per producer id, the current epoch and the last five batches'
/// sequence ranges. A retried batch (same sequences as one already written) is acknowledged with the original
/// offsets instead of being written again; a gap in sequences is OUT_OF_ORDER_SEQUENCE_NUMBER; an older epoch
/// is INVALID_PRODUCER_EPOCH. Saved as a snapshot (with the log offset it covers) at segment rolls and clean
/// shutdown; after a crash the batches written since the snapshot are replayed from the log.
/// </summary>
internal sealed class ProducerStateTable
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    private readonly Dictionary<long, ProducerEntry> _producers = [];

    public int Count => _producers.Count;

    /// <summary>Checks a batch before it is appended.</summary>
    public ProducerCheck Check(in RecordBatchHeader batch)
    {
        if (!batch.HasProducerId)
        {
            return ProducerCheck.Accept;
        }

        if (!_producers.TryGetValue(batch.ProducerId, out var entry))
        {
            // Unknown producer (new, or its state expired): accept any sequence, as Kafka does since KIP-360.
            return ProducerCheck.Accept;
        }

        if (batch.ProducerEpoch < entry.Epoch)
        {
            return ProducerCheck.Reject(
                ErrorCode.InvalidProducerEpoch,
                $"Producer {batch.ProducerId} epoch {batch.ProducerEpoch} is older than the current epoch {entry.Epoch}: a newer instance of this producer took over.");
        }

        if (batch.ProducerEpoch > entry.Epoch)
        {
            return batch.BaseSequence == 0 || entry.Epoch < 0
                ? ProducerCheck.Accept
                : ProducerCheck.Reject(
                    ErrorCode.OutOfOrderSequenceNumber,
                    $"Producer {batch.ProducerId} started epoch {batch.ProducerEpoch} at sequence {batch.BaseSequence}; a new epoch must start at 0.");
        }

        foreach (var previous in entry.Batches)
        {
            if (previous.FirstSequence == batch.BaseSequence && previous.LastSequence == batch.LastSequence)
            {
                return ProducerCheck.DuplicateOf(previous);
            }
        }

        var last = entry.LastSequence;
        var expected = last == int.MaxValue ? 0 : last + 1;
        return last < 0 || batch.BaseSequence == expected
            ? ProducerCheck.Accept
            : ProducerCheck.Reject(
                ErrorCode.OutOfOrderSequenceNumber,
                $"Producer {batch.ProducerId} epoch {batch.ProducerEpoch} sent sequence {batch.BaseSequence} but {expected} was expected.");
    }

    /// <summary>Records an appended batch (offsets assigned).</summary>
    public void Update(in RecordBatchHeader batch, long timestamp)
    {
        if (!batch.HasProducerId)
        {
            return;
        }

        if (!_producers.TryGetValue(batch.ProducerId, out var entry))
        {
            entry = new ProducerEntry();
            _producers[batch.ProducerId] = entry;
        }

        if (batch.ProducerEpoch != entry.Epoch)
        {
            entry.Epoch = batch.ProducerEpoch;
            entry.Batches.Clear();
        }

        entry.Add(new ProducerBatch(batch.BaseSequence, batch.LastSequence, batch.BaseOffset, batch.LastOffset), timestamp);
    }

    /// <summary>Forgets producers idle for longer than <paramref name="expiration"/>.</summary>
    public void Expire(long now, long expiration)
    {
        foreach (var (id, entry) in _producers.ToArray())
        {
            if (now - entry.LastTimestamp > expiration)
            {
                _producers.Remove(id);
            }
        }
    }

    /// <summary>Writes a snapshot covering the log up to (not including) <paramref name="offset"/>, atomically.</summary>
    public void Save(string path, long offset)
    {
        var snapshot = new ProducerSnapshot(
            offset,
            [.. _producers.Select(p => new ProducerSnapshot.Producer(p.Key, p.Value.Epoch, p.Value.LastTimestamp, [.. p.Value.Batches]))]);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(snapshot, JsonOptions));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Loads a snapshot; returns the log offset it covers, or 0 when there is none (replay everything).</summary>
    public long Load(string path)
    {
        _producers.Clear();
        if (!File.Exists(path))
        {
            return 0;
        }

        try
        {
            var snapshot = JsonSerializer.Deserialize<ProducerSnapshot>(File.ReadAllBytes(path), JsonOptions);
            if (snapshot is null)
            {
                return 0;
            }

            foreach (var producer in snapshot.Producers)
            {
                var entry = new ProducerEntry { Epoch = producer.Epoch, LastTimestamp = producer.LastTimestamp };
                entry.Batches.AddRange(producer.Batches);
                _producers[producer.ProducerId] = entry;
            }

            return snapshot.Offset;
        }
        catch (JsonException)
        {
            // A damaged snapshot is rebuilt from the log.
            _producers.Clear();
            return 0;
        }
    }

    private sealed record ProducerSnapshot(long Offset, List<ProducerSnapshot.Producer> Producers)
    {
        public sealed record Producer(long ProducerId, short Epoch, long LastTimestamp, List<ProducerBatch> Batches);
    }
}
