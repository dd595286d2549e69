using System.Buffers.Binary;
using System.Globalization;
using DeltaConnect.Sdk.Errors;
using RocksDbSharp;

namespace DeltaConnect.Runtime.Processors;

/// <summary>
/// The state of one processor partition: a RocksDB database under the worker's state directory, plus the changes of
/// the current commit interval held in memory until they are logged to the changelog topic.
/// </summary>
/// <remarks>
/// <para>
/// Invariant: RocksDB only ever holds changes that are already in the changelog (and whose emitted records Kafka
/// acknowledged), so a store restored after a crash never remembers work whose output was lost. Pending changes are
/// visible to reads of the same task at once (read-your-writes) and reach RocksDB in <see cref="ApplyPending"/>.
/// </para>
/// <para>
/// The RocksDB write-ahead log is off: durability comes from the changelog. The checkpoint file names the changelog
/// offset up to which RocksDB's flushed files are complete; it is written only after a RocksDB flush, so after any
/// crash, replaying the changelog from the checkpoint (idempotent puts and deletes, in order) restores the state.
/// Without a checkpoint the database is wiped and rebuilt from the start of the changelog.
/// </para>
/// <para>
/// Keys are namespaced: 0 user entries, 1 timers (timer key → due time, logged), 2 the timer index (due time + timer
/// key, derived, local only).
/// </para>
/// </remarks>
internal sealed class PartitionStateStore : IDisposable
{
    private const byte UserSpace = 0;
    private const byte TimerSpace = 1;
    private const byte TimerIndexSpace = 2;
    private const string CheckpointFile = "checkpoint";

    // Native option objects are freed by their finalizers: those passed to RocksDB are kept reachable for as long as
    // RocksDB may read them (statics here, the open options with the store), never created inline in a call.
    private static readonly WriteOptions NoWal = new WriteOptions().DisableWal(1);
    private static readonly FlushOptions WaitForFlush = new FlushOptions().SetWaitForFlush(true);
    private static readonly ByteComparer Comparer = new();

    private readonly RocksDb _db;
    private readonly DbOptions _options;
    private readonly string _directory;
    private readonly SortedSet<byte[]> _pendingKeys = new(Comparer);
    private readonly Dictionary<byte[], byte[]?> _pending = new(Comparer);
    private readonly Dictionary<byte[], (bool Existed, byte[]? Value)> _undo = new(Comparer);
    private bool _tracking;
    private long _appliedSinceCheckpoint;
    private readonly HashSet<Iterator> _openIterators = [];
    private bool _disposed;

    private PartitionStateStore(string directory, RocksDb db, DbOptions options, int partition, long? checkpoint)
    {
        _directory = directory;
        _db = db;
        _options = options;
        Partition = partition;
        CheckpointOffset = checkpoint;
    }

    /// <summary>The partition number whose state this is.</summary>
    public int Partition { get; }

    /// <summary>The changelog offset the local database is complete up to (the next offset to replay); 0 when rebuilt.</summary>
    public long? CheckpointOffset { get; private set; }

    /// <summary>Changes waiting to be logged and applied.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>
    /// Opens (creating when missing) the state of <paramref name="partition"/> under <paramref name="directory"/>. A
    /// database without a checkpoint for <paramref name="changelogTopic"/> is wiped (its contents cannot be trusted).
    /// </summary>
    public static PartitionStateStore Open(string directory, int partition, string changelogTopic)
    {
        Directory.CreateDirectory(directory);
        var checkpoint = ReadCheckpoint(directory, changelogTopic);
        var dbPath = Path.Combine(directory, "db");
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            .SetKeepLogFileNum(2)
            .SetMaxLogFileSize(1 << 20);
        if (checkpoint is null && Directory.Exists(dbPath))
        {
            // Untrusted files are removed only once RocksDB's lock says no one else (a task of this worker that still
            // holds the partition) has them open. Files RocksDB cannot even open go as well: they are rebuilt anyway.
            try
            {
                RocksDb.Open(options, dbPath).Dispose();
            }
            catch (RocksDbException e) when (!IsLockConflict(e))
            {
            }
            catch (RocksDbException e)
            {
                throw new ConnectException($"Cannot open the state store of partition {partition} in {dbPath}: {e.Message}", e);
            }

            Directory.Delete(dbPath, recursive: true);
        }

        return new PartitionStateStore(directory, OpenDb(options, dbPath, partition), options, partition, checkpoint ?? 0);
    }

    /// <summary>RocksDB's LOCK file is held: another open database on the same directory.</summary>
    private static bool IsLockConflict(RocksDbException e) => e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase);

    private static RocksDb OpenDb(DbOptions options, string dbPath, int partition)
    {
        try
        {
            return RocksDb.Open(options, dbPath);
        }
        catch (RocksDbException e)
        {
            throw new ConnectException($"Cannot open the state store of partition {partition} in {dbPath}: {e.Message}", e);
        }
    }

    /// <summary>Removes a partition's local state (used when the checkpoint does not match the changelog).</summary>
    public static void Wipe(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // ---- user entries ----

    public byte[]? Get(ReadOnlySpan<byte> key) => Read(Namespaced(UserSpace, key));

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Write(Namespaced(UserSpace, key), value.ToArray());

    public void Delete(ReadOnlySpan<byte> key) => Write(Namespaced(UserSpace, key), null);

    public IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[]? from, byte[]? to)
    {
        var lower = Namespaced(UserSpace, from ?? []);
        var upper = to is null ? [UserSpace + 1] : Namespaced(UserSpace, to);
        return Scan(lower, upper).Select(e => new KeyValuePair<byte[], byte[]>(e.Key[1..], e.Value));
    }

    // ---- timers ----

    public void ScheduleTimer(ReadOnlySpan<byte> key, DateTimeOffset dueTime)
    {
        var timerKey = Namespaced(TimerSpace, key);
        if (Read(timerKey) is { } previous)
        {
            Write(IndexKey(previous, key), null);
        }

        var due = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(due, dueTime.ToUnixTimeMilliseconds());
        Write(timerKey, due);
        Write(IndexKey(due, key), []);
    }

    public void CancelTimer(ReadOnlySpan<byte> key)
    {
        var timerKey = Namespaced(TimerSpace, key);
        if (Read(timerKey) is { } previous)
        {
            Write(IndexKey(previous, key), null);
            Write(timerKey, null);
        }
    }

    /// <summary>Up to <paramref name="max"/> timers due at <paramref name="now"/>, earliest first.</summary>
    public List<(byte[] Key, DateTimeOffset DueTime)> DueTimers(DateTimeOffset now, int max)
    {
        var upper = new byte[9];
        upper[0] = TimerIndexSpace;
        BinaryPrimitives.WriteInt64BigEndian(upper.AsSpan(1), now.ToUnixTimeMilliseconds() + 1);
        var due = new List<(byte[], DateTimeOffset)>();
        foreach (var (indexKey, _) in Scan([TimerIndexSpace], upper))
        {
            var dueMs = BinaryPrimitives.ReadInt64BigEndian(indexKey.AsSpan(1, 8));
            due.Add((indexKey[9..], DateTimeOffset.FromUnixTimeMilliseconds(dueMs)));
            if (due.Count >= max)
            {
                break;
            }
        }

        return due;
    }

    // ---- batches: the changes of one ProcessAsync or OnTimerAsync call ----

    /// <summary>Starts recording how to undo the changes that follow.</summary>
    public void BeginBatch()
    {
        _undo.Clear();
        _tracking = true;
    }

    /// <summary>Keeps the batch's changes.</summary>
    public void EndBatch()
    {
        _undo.Clear();
        _tracking = false;
    }

    /// <summary>Undoes the batch's changes (the call that made them failed).</summary>
    public void RollbackBatch()
    {
        foreach (var (key, (existed, value)) in _undo)
        {
            if (existed)
            {
                _pending[key] = value;
            }
            else
            {
                _pending.Remove(key);
                _pendingKeys.Remove(key);
            }
        }

        _undo.Clear();
        _tracking = false;
    }

    // ---- commit ----

    /// <summary>The pending changes to log (namespaced key, value or null for a delete); the timer index is not logged.</summary>
    public IEnumerable<(byte[] Key, byte[]? Value)> PendingChangelog() =>
        _pendingKeys.Where(k => k[0] != TimerIndexSpace).Select(k => (k, _pending[k]));

    /// <summary>Writes the pending changes (already logged up to <paramref name="changelogEnd"/>) to RocksDB.</summary>
    public void ApplyPending(long? changelogEnd)
    {
        if (_pending.Count > 0)
        {
            using var batch = new WriteBatch();
            foreach (var key in _pendingKeys)
            {
                if (_pending[key] is { } value)
                {
                    batch.Put(key, value);
                }
                else
                {
                    batch.Delete(key);
                }
            }

            Db.Write(batch, NoWal);
            _appliedSinceCheckpoint += _pending.Count;
            _pending.Clear();
            _pendingKeys.Clear();
        }

        if (changelogEnd is { } end)
        {
            LatestLogged = end;
        }
    }

    /// <summary>Forgets the pending changes (they were not logged; the records that made them will be processed again).</summary>
    public void DiscardPending()
    {
        _pending.Clear();
        _pendingKeys.Clear();
        _undo.Clear();
        _tracking = false;
    }

    /// <summary>The changelog offset after the latest change applied to RocksDB.</summary>
    public long? LatestLogged { get; private set; }

    /// <summary>
    /// Flushes RocksDB and records the changelog position it is complete up to, when <paramref name="force"/> or
    /// enough changes were applied since the last checkpoint.
    /// </summary>
    public void Checkpoint(string changelogTopic, bool force, long threshold = 10_000)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var position = LatestLogged ?? CheckpointOffset;
        if (position is null || (!force && _appliedSinceCheckpoint < threshold) || (position == CheckpointOffset && _appliedSinceCheckpoint == 0))
        {
            return;
        }

        Db.Flush(WaitForFlush);

        var path = Path.Combine(_directory, CheckpointFile);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{changelogTopic}\n{Partition}\n{position}\n"));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        CheckpointOffset = position;
        _appliedSinceCheckpoint = 0;
    }

    // ---- restore ----

    /// <summary>Applies changelog records (namespaced keys) read while restoring, in offset order.</summary>
    public void ApplyRestored(IReadOnlyList<(byte[] Key, byte[]? Value)> records, long changelogEnd)
    {
        var db = Db;
        using var batch = new WriteBatch();
        foreach (var (key, value) in records)
        {
            if (key.Length == 0 || key[0] > TimerSpace)
            {
                throw new ConnectException($"The changelog of partition {Partition} holds a record with an unknown key namespace; was the topic written by another application?");
            }

            if (key[0] == TimerSpace)
            {
                // The timer index is derived: drop the entry for the previous due time, add the new one. Timer records
                // are written at once so a later record for the same timer sees this one.
                using var timerBatch = new WriteBatch();
                if (db.Get(key) is { } previous)
                {
                    timerBatch.Delete(IndexKey(previous, key.AsSpan(1)));
                }

                if (value is not null)
                {
                    timerBatch.Put(key, value);
                    timerBatch.Put(IndexKey(value, key.AsSpan(1)), Array.Empty<byte>());
                }
                else
                {
                    timerBatch.Delete(key);
                }

                db.Write(timerBatch, NoWal);
                continue;
            }

            if (value is null)
            {
                batch.Delete(key);
            }
            else
            {
                batch.Put(key, value);
            }
        }

        db.Write(batch, NoWal);
        _appliedSinceCheckpoint += records.Count;
        LatestLogged = changelogEnd;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            // Iterators must go before the database they read (Iterator.Dispose is idempotent for their owners).
            foreach (var iterator in _openIterators)
            {
                iterator.Dispose();
            }

            _openIterators.Clear();
            _db.Dispose();
            GC.KeepAlive(_options);
        }
    }

    /// <summary>
    /// The database, for a store that is still open. RocksDbSharp passes a closed database's null handle straight to
    /// native code, so a use after <see cref="Dispose"/> — a range enumerated after its call returned, say — would
    /// crash the process instead of failing the task.
    /// </summary>
    private RocksDb Db
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _db;
        }
    }

    private static long? ReadCheckpoint(string directory, string changelogTopic)
    {
        var path = Path.Combine(directory, CheckpointFile);
        if (!File.Exists(path))
        {
            return null;
        }

        var lines = File.ReadAllLines(path);
        return lines.Length >= 3 && lines[0] == changelogTopic && long.TryParse(lines[2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : null;
    }

    private static byte[] Namespaced(byte space, ReadOnlySpan<byte> key)
    {
        var namespaced = new byte[key.Length + 1];
        namespaced[0] = space;
        key.CopyTo(namespaced.AsSpan(1));
        return namespaced;
    }

    private static byte[] IndexKey(ReadOnlySpan<byte> dueTime, ReadOnlySpan<byte> timerKey)
    {
        var index = new byte[1 + 8 + timerKey.Length];
        index[0] = TimerIndexSpace;
        dueTime[..8].CopyTo(index.AsSpan(1));
        timerKey.CopyTo(index.AsSpan(9));
        return index;
    }

    private byte[]? Read(byte[] key) => _pending.TryGetValue(key, out var value) ? value : Db.Get(key);

    private void Write(byte[] key, byte[]? value)
    {
        var existed = _pending.TryGetValue(key, out var previous);
        if (_tracking && !_undo.ContainsKey(key))
        {
            _undo[key] = (existed, previous);
        }

        _pending[key] = value;
        if (!existed)
        {
            _pendingKeys.Add(key);
        }
    }

    /// <summary>Entries with lower ≤ key &lt; upper from RocksDB merged with the pending changes (which win).</summary>
    private IEnumerable<(byte[] Key, byte[] Value)> Scan(byte[] lower, byte[] upper)
    {
        // The pending slice is copied so the caller may write while iterating; RocksDB iterators read a snapshot.
        var pending = Comparer.Compare(lower, upper) < 0
            ? _pendingKeys.GetViewBetween(lower, upper).Where(k => Comparer.Compare(k, upper) < 0).Select(k => (k, _pending[k])).ToList()
            : [];
        var readOptions = new ReadOptions().SetIterateUpperBound(upper);
        var iterator = Db.NewIterator(readOptions: readOptions);
        _openIterators.Add(iterator);
        try
        {
            iterator.Seek(lower);
            var p = 0;
            while (true)
            {
                // The caller may resume the enumeration after the store was closed (the task kept the enumerable).
                ObjectDisposedException.ThrowIf(_disposed, this);
                var stored = iterator.Valid() ? iterator.Key() : null;
                if (p < pending.Count && (stored is null || Comparer.Compare(pending[p].k, stored) <= 0))
                {
                    var (key, value) = pending[p++];
                    if (stored is not null && Comparer.Compare(key, stored) == 0)
                    {
                        iterator.Next();
                    }

                    if (value is not null)
                    {
                        yield return (key, value);
                    }

                    continue;
                }

                if (stored is null)
                {
                    yield break;
                }

                // Advance before handing the entry out: after a yield only the check above touches the iterator.
                var storedValue = iterator.Value();
                iterator.Next();
                yield return (stored, storedValue);
            }
        }
        finally
        {
            _openIterators.Remove(iterator);
            iterator.Dispose();
            GC.KeepAlive(readOptions);
        }
    }

    /// <summary>Bytewise order (RocksDB's default comparator) and equality for byte-array keys.</summary>
    private sealed class ByteComparer : IComparer<byte[]>, IEqualityComparer<byte[]>
    {
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
