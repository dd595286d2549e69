using System.Collections.Concurrent;
using System.Globalization;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Cdc;

/// <summary>
/// Lock-free snapshots with Netflix's DBLog watermark algorithm, interleaved with streaming. For each chunk (the next
/// <see cref="DbLogOptions.ChunkSize"/> rows in primary-key order) the snapshot loop (<see cref="RunAsync"/>) has the
/// dialect write a low watermark, select the chunk and write a high watermark, and hands the chunk to the stream. The
/// stream, which handles the log in commit order, reports watermark rows (<see cref="OnWatermarkAsync"/>) and changes
/// (<see cref="NoteChange"/>): between a chunk's watermarks the engine notes the keys that changed in the chunk's
/// table; at the high watermark it drops those rows from the chunk (the log has newer versions of them) and emits the
/// rest as <c>op: r</c> before any later log event — so every key's events stay in order. While the stream works
/// through one chunk's window the loop already reads the next (windows never overlap: the next low watermark commits
/// after the previous high one). Progress (<see cref="Progress"/>) travels in the offsets, so a restarted task resumes
/// after the last completed chunk.
/// </summary>
/// <typeparam name="TTable">The connector's description of a captured table.</typeparam>
/// <remarks>
/// Threads: <see cref="RunAsync"/> runs on its own task; every other member is called by the stream while it holds
/// the stream lock given to the constructor, which the loop takes too when it changes the progress.
/// </remarks>
public sealed class DbLogSnapshotter<TTable> : IDisposable
    where TTable : class
{
    /// <summary>Chunks read ahead of the stream: one being emitted, one being read.</summary>
    private const int ChunksInFlight = 2;

    private readonly ISnapshotDialect<TTable> _dialect;
    private readonly DbLogOptions _options;
    private readonly SemaphoreSlim _streamLock;
    private readonly SemaphoreSlim _requested = new(0);
    private readonly ConcurrentQueue<Window> _windows = new();
    private SnapshotProgress _progress = SnapshotProgress.None;

    /// <summary>Creates the engine.</summary>
    /// <param name="dialect">The database's part.</param>
    /// <param name="options">Chunk size and pause.</param>
    /// <param name="streamLock">The lock the stream holds while it handles a log event.</param>
    public DbLogSnapshotter(ISnapshotDialect<TTable> dialect, DbLogOptions options, SemaphoreSlim streamLock)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(streamLock);
        _dialect = dialect;
        _options = options;
        _streamLock = streamLock;
    }

    /// <summary>
    /// Where snapshots stand; put it into every record's offset (<see cref="SnapshotProgress.AddTo"/>). Set it once at
    /// start: from the stored offset (<see cref="SnapshotProgress.FromOffset"/>), or the initial snapshot's tables.
    /// </summary>
    public SnapshotProgress Progress
    {
        get => Volatile.Read(ref _progress);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Volatile.Write(ref _progress, value);
            if (value.Active)
            {
                _requested.Release();
            }
        }
    }

    /// <summary>
    /// The snapshot loop: chunk after chunk, each completed by the stream at its high watermark; waits for requests when
    /// idle. Run it next to the stream, and stop it with the stream (windows left open are redone after a restart).
    /// </summary>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <exception cref="ConnectException">When a target table has no primary key.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _windows.Clear();
        await using var session = await _dialect.OpenSessionAsync(cancellationToken);
        var finished = new List<string>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var progress = Progress;
            if (!progress.Active)
            {
                if (finished.Count > 0)
                {
                    await session.DeleteWatermarksAsync([.. finished], cancellationToken);
                    finished.Clear();
                }

                await _requested.WaitAsync(cancellationToken);
                continue;
            }

            var target = progress.Tables[0];
            var table = await session.DescribeAsync(target.Table, cancellationToken);
            if (table is null)
            {
                // Dropped since the snapshot was planned: nothing to copy.
                await AdvanceAsync(progress, progress.NextTarget(), cancellationToken);
                continue;
            }

            if (_dialect.KeyColumnsOf(table).Count == 0)
            {
                throw new ConnectException($"Table {target.Table} has no primary key; snapshots read tables in primary-key chunks. Add a primary key, or leave the table out of the captured tables.");
            }

            var after = progress.LastKey;
            var inFlight = new Queue<Window>();
            while (true)
            {
                while (inFlight.Count >= ChunksInFlight)
                {
                    await CompleteAsync(inFlight.Dequeue(), finished, cancellationToken);
                }

                var window = new Window(table, target, _dialect.NameOf(table), _options.ChunkSize);
                _windows.Enqueue(window);
                inFlight.Enqueue(window);
                SnapshotChunk chunk;
                try
                {
                    chunk = await session.ReadChunkAsync(
                        new SnapshotChunkRequest<TTable>(table, target, after, _options.ChunkSize, window.LowId, window.HighId, [.. finished]),
                        cancellationToken);
                }
                catch (Exception e)
                {
                    window.Rows.TrySetException(e);
                    throw;
                }

                finished.Clear();
                if (chunk.Rows.Count >= _options.ChunkSize && chunk.LastKey is null)
                {
                    var error = new ConnectException($"The snapshot dialect {_dialect.GetType().Name} returned a full chunk of {target.Table} without its last key; the next chunk could not start after it.");
                    window.Rows.TrySetException(error);
                    throw error;
                }

                window.Rows.SetResult(chunk);
                if (chunk.Rows.Count < _options.ChunkSize)
                {
                    break;
                }

                after = chunk.LastKey;
                if (_options.ChunkPause > TimeSpan.Zero)
                {
                    await Task.Delay(_options.ChunkPause, cancellationToken);
                }
            }

            // The next target is planned from the progress the stream advanced: wait until it closed every window.
            while (inFlight.Count > 0)
            {
                await CompleteAsync(inFlight.Dequeue(), finished, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Queues the targets of an <c>execute-snapshot</c> signal after checking them against the database (stream side:
    /// call it when the signal row goes by in the log, so the request is ordered with the changes).
    /// </summary>
    /// <param name="data">The signal's data (see <see cref="SnapshotTarget.ParseSignal"/>).</param>
    /// <param name="cancellationToken">Cancels the validation.</param>
    /// <exception cref="DataException">When the data is malformed, a key has the wrong number of values, or a filter is invalid.</exception>
    public async Task RequestAsync(string? data, CancellationToken cancellationToken)
    {
        var requested = SnapshotTarget.ParseSignal(data);
        foreach (var target in requested)
        {
            await ValidateAsync(target, cancellationToken);
        }

        var current = Progress;
        var tables = current.Tables.Concat(requested.Where(t => !current.Tables.Contains(t))).ToList();
        Progress = new SnapshotProgress(tables, current.Active ? current.LastKey : null);
    }

    /// <summary>
    /// A row was inserted into the watermark (signal) table, seen in the log: if its id is the current window's low
    /// watermark the window opens; if it is the high watermark, the chunk's rows not changed inside the window are
    /// emitted through <paramref name="emit"/>, in key order, and the window closes.
    /// </summary>
    /// <param name="id">The row's id.</param>
    /// <param name="emit">Emits one snapshot row.</param>
    /// <param name="cancellationToken">Cancels the wait for the chunk's rows and the emits.</param>
    /// <returns>Whether the row was a watermark of this engine's (anything else, e.g. a signal, is the caller's).</returns>
    public async Task<bool> OnWatermarkAsync(string? id, SnapshotRowEmitter<TTable> emit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emit);
        if (id is null || !_windows.TryPeek(out var window))
        {
            return false;
        }

        if (id == window.LowId)
        {
            window.Open = true;
            return true;
        }

        if (id != window.HighId)
        {
            return false;
        }

        var chunk = await window.Rows.Task.WaitAsync(cancellationToken);
        var rows = window.Changed.Count == 0 ? chunk.Rows : [.. chunk.Rows.Where(r => !window.Changed.Contains(KeyString(_dialect.KeyOf(window.Table, r))))];
        var done = chunk.Rows.Count < window.ChunkSize;
        var current = Progress;
        var next = !current.Active || !ReferenceEquals(current.Tables[0], window.Target) ? current
            : done ? current.NextTarget()
            : current.After(chunk.LastKey);

        // Only the chunk's last record carries the advanced progress: a crash part-way redoes the whole chunk.
        for (var i = 0; i < rows.Count; i++)
        {
            var last = i == rows.Count - 1;
            if (last)
            {
                Volatile.Write(ref _progress, next);
            }

            await emit(window.Table, rows[i], last ? next : current, cancellationToken);
        }

        Volatile.Write(ref _progress, next);
        _windows.TryDequeue(out _);
        window.Done.TrySetResult();
        return true;
    }

    /// <summary>Notes the keys a log event touched while a chunk's window is open on its table (call for every change).</summary>
    /// <param name="table">The changed table.</param>
    /// <param name="before">The before image, if any.</param>
    /// <param name="after">The after image, if any.</param>
    public void NoteChange(TTable table, Struct? before, Struct? after)
    {
        if (!_windows.TryPeek(out var window) || !window.Open || (!ReferenceEquals(window.Table, table) && window.Name != _dialect.NameOf(table)))
        {
            return;
        }

        if (before is not null)
        {
            window.Changed.Add(KeyString(_dialect.KeyOf(table, before)));
        }

        if (after is not null)
        {
            window.Changed.Add(KeyString(_dialect.KeyOf(table, after)));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _requested.Dispose();

    /// <summary>A filter must be valid SQL on the table, and keys must have as many values as the primary key has columns.</summary>
    private async Task ValidateAsync(SnapshotTarget target, CancellationToken cancellationToken)
    {
        if (await _dialect.DescribeAsync(target.Table, cancellationToken) is not { } table)
        {
            // A table missing now is skipped when its turn comes (it may be created by then).
            return;
        }

        var keyColumns = _dialect.KeyColumnsOf(table);
        foreach (var bound in new[] { target.From, target.To }.Concat(target.Keys ?? []))
        {
            if (bound is not null && bound.Count != keyColumns.Count)
            {
                throw new DataException($"execute-snapshot signal for {target.Table}: a key of [{string.Join(", ", bound)}] has {bound.Count} value(s) but the primary key has {keyColumns.Count} column(s) ({string.Join(", ", keyColumns)}); give one value per key column, in that order.");
            }
        }

        if (target.Filter is { } filter)
        {
            await _dialect.ValidateFilterAsync(table, filter, cancellationToken);
        }
    }

    private async Task AdvanceAsync(SnapshotProgress from, SnapshotProgress to, CancellationToken cancellationToken)
    {
        await _streamLock.WaitAsync(cancellationToken);
        try
        {
            if (ReferenceEquals(_progress, from))
            {
                Volatile.Write(ref _progress, to);
            }
        }
        finally
        {
            _streamLock.Release();
        }
    }

    private static async Task CompleteAsync(Window window, List<string> finished, CancellationToken cancellationToken)
    {
        await window.Done.Task.WaitAsync(cancellationToken);
        finished.Add(window.LowId);
        finished.Add(window.HighId);
    }

    /// <summary>A key's identity for de-duplication: its values' invariant text forms (bytes as hex).</summary>
    private static string KeyString(Struct? key) => key is null ? "" : string.Join('\u0001', key.Schema.Fields.Select(f => key.Get(f) switch
    {
        null => "\u0000",
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var value => value.ToString(),
    }));

    /// <summary>One chunk between its watermarks.</summary>
    private sealed class Window(TTable table, SnapshotTarget target, string name, int chunkSize)
    {
        public string LowId { get; } = Guid.NewGuid().ToString("N");

        public string HighId { get; } = Guid.NewGuid().ToString("N");

        public TTable Table { get; } = table;

        public SnapshotTarget Target { get; } = target;

        public string Name { get; } = name;

        public int ChunkSize { get; } = chunkSize;

        public bool Open { get; set; }

        public HashSet<string> Changed { get; } = new(StringComparer.Ordinal);

        /// <summary>The chunk, once read (the stream may see the high watermark before the reader has all rows).</summary>
        public TaskCompletionSource<SnapshotChunk> Rows { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>How <see cref="DbLogSnapshotter{TTable}"/> chunks a table.</summary>
public sealed record DbLogOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="chunkSize">Rows per chunk (at least 1).</param>
    /// <param name="chunkPause">The pause between chunks (zero for none).</param>
    public DbLogOptions(int chunkSize, TimeSpan chunkPause)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkPause, TimeSpan.Zero);
        ChunkSize = chunkSize;
        ChunkPause = chunkPause;
    }

    /// <summary>Rows per chunk.</summary>
    public int ChunkSize { get; }

    /// <summary>The pause between chunks.</summary>
    public TimeSpan ChunkPause { get; }
}
