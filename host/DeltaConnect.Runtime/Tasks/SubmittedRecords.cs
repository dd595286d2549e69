using System.Text;
using DeltaConnect.Runtime.Storage;

namespace DeltaConnect.Runtime.Tasks;

/// <summary>
/// Tracks the source records a task handed to the producer, per source partition, in order. An offset may be stored
/// only when every earlier record of the same source partition has been acknowledged (or dropped), so that after a
/// crash the task resumes before the first record that is not safely in Kafka. Acknowledgements arrive on client
/// threads; committing happens on the task's loop.
/// </summary>
internal sealed class SubmittedRecords
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (IReadOnlyDictionary<string, object?> Partition, LinkedList<Entry> Entries)> _partitions = new(StringComparer.Ordinal);
    private int _pending;
    private IReadOnlyDictionary<string, object?>? _lastPartition;
    private TaskCompletionSource? _drained;
    private int _belowLimit;
    private string? _lastKey;

    /// <summary>Records handed to the producer and not yet acknowledged.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending;
            }
        }
    }

    /// <summary>
    /// Completes when fewer than <paramref name="limit"/> records are pending. A task loop calls it before handing more
    /// records over, so the records waiting for Kafka's acknowledgement — which stay reachable, and so survive garbage
    /// collections until then — stay few.
    /// </summary>
    public Task WaitForPendingBelowAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_pending < limit)
            {
                return Task.CompletedTask;
            }

            _belowLimit = limit;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Completes a pending <see cref="WaitForPendingBelowAsync"/> now (something else needs the task loop).</summary>
    public void Wake()
    {
        TaskCompletionSource? drained;
        lock (_lock)
        {
            drained = _drained;
            _drained = null;
        }

        drained?.SetResult();
    }

    /// <summary>Registers a record; call <see cref="Entry.Ack"/> on the result once it is acknowledged or dropped.</summary>
    public Entry Submit(IReadOnlyDictionary<string, object?> partition, IReadOnlyDictionary<string, object?> offset)
    {
        var entry = new Entry(this, offset);
        lock (_lock)
        {
            // Tasks usually hand every record of a source partition the same partition map: serialize it once.
            if (!ReferenceEquals(partition, _lastPartition))
            {
                _lastKey = Encoding.UTF8.GetString(InternalJson.Serialize(partition));
                _lastPartition = partition;
            }

            var key = _lastKey!;
            if (!_partitions.TryGetValue(key, out var list))
            {
                list = (partition, new LinkedList<Entry>());
                _partitions[key] = list;
            }

            list.Entries.AddLast(entry);
            _pending++;
        }

        return entry;
    }

    /// <summary>
    /// Removes the acknowledged prefix of each source partition and returns the last offset of each prefix: the offsets
    /// that are safe to store.
    /// </summary>
    public IReadOnlyList<KeyValuePair<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>?>> CommittableOffsets()
    {
        var result = new List<KeyValuePair<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>?>>();
        lock (_lock)
        {
            foreach (var (key, (partition, entries)) in _partitions.ToList())
            {
                IReadOnlyDictionary<string, object?>? last = null;
                while (entries.First is { Value.Acked: true } first)
                {
                    last = first.Value.Offset;
                    entries.RemoveFirst();
                }

                if (last is not null)
                {
                    result.Add(new(partition, last));
                }

                if (entries.Count == 0)
                {
                    _partitions.Remove(key);
                }
            }
        }

        return result;
    }

    /// <summary>A submitted record.</summary>
    internal sealed class Entry(SubmittedRecords owner, IReadOnlyDictionary<string, object?> offset)
    {
        public IReadOnlyDictionary<string, object?> Offset { get; } = offset;

        public bool Acked { get; private set; }

        public void Ack()
        {
            lock (owner._lock)
            {
                if (!Acked)
                {
                    Acked = true;
                    owner._pending--;
                    // Wake a waiting task loop once half of the limit has drained, not on every acknowledgement.
                    if (owner._drained is { } drained && owner._pending < owner._belowLimit / 2)
                    {
                        owner._drained = null;
                        drained.SetResult();
                    }
                }
            }
        }
    }
}
