using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Sdk.Cdc;

/// <summary>
/// What a database contributes to <see cref="DbLogSnapshotter{TTable}"/>: describing tables, reading a chunk between
/// two watermark writes, and validating filters. The engine does the rest (queue, windows, de-duplication, progress).
/// </summary>
/// <typeparam name="TTable">The connector's description of a captured table (columns, schemas, topic).</typeparam>
public interface ISnapshotDialect<TTable>
    where TTable : class
{
    /// <summary>Opens the connection the snapshot loop reads chunks on (one per <see cref="DbLogSnapshotter{TTable}.RunAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels the connect.</param>
    Task<ISnapshotSession<TTable>> OpenSessionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Describes a table for validating a snapshot request (called while the log is being handled, so it should use a
    /// connection other than the replication one); null when the table does not exist.
    /// </summary>
    /// <param name="table">The table as the signal names it (<see cref="SnapshotTarget.Table"/>).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    Task<TTable?> DescribeAsync(string table, CancellationToken cancellationToken);

    /// <summary>The table's name as log events and signals name it (e.g. <c>schema.table</c>).</summary>
    /// <param name="table">The table.</param>
    string NameOf(TTable table);

    /// <summary>The table's primary-key columns in key order; empty when it has no primary key (it cannot be snapshotted).</summary>
    /// <param name="table">The table.</param>
    IReadOnlyList<string> KeyColumnsOf(TTable table);

    /// <summary>The primary key of a row image; null when the table has no primary key.</summary>
    /// <param name="table">The table.</param>
    /// <param name="row">A row image (a chunk row, or a log event's before/after image).</param>
    Struct? KeyOf(TTable table, Struct row);

    /// <summary>Checks that an <c>additional-conditions</c> filter is a valid condition on the table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="filter">The SQL condition.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="Errors.DataException">Naming the table, the filter and the database's complaint.</exception>
    Task ValidateFilterAsync(TTable table, string filter, CancellationToken cancellationToken);
}

/// <summary>The snapshot loop's connection to the database.</summary>
/// <typeparam name="TTable">The connector's description of a captured table.</typeparam>
public interface ISnapshotSession<TTable> : IAsyncDisposable
    where TTable : class
{
    /// <summary>Describes a table before its snapshot starts; null when it does not exist (any more).</summary>
    /// <param name="table">The table as the target names it (<see cref="SnapshotTarget.Table"/>).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    Task<TTable?> DescribeAsync(string table, CancellationToken cancellationToken);

    /// <summary>
    /// Reads one chunk between its watermarks, each step committed on its own and in this order: delete
    /// <see cref="SnapshotChunkRequest{TTable}.FinishedWatermarks"/> (may be empty), write the low watermark
    /// (<see cref="SnapshotChunkRequest{TTable}.LowWatermark"/>) so that it appears in the log, select at most
    /// <see cref="SnapshotChunkRequest{TTable}.ChunkSize"/> rows of the target after
    /// <see cref="SnapshotChunkRequest{TTable}.After"/> in primary-key order, write the high watermark. No locks:
    /// the select is an ordinary read.
    /// </summary>
    /// <param name="request">The chunk to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows in key order and the text form of the last row's key (where the next chunk starts).</returns>
    Task<SnapshotChunk> ReadChunkAsync(SnapshotChunkRequest<TTable> request, CancellationToken cancellationToken);

    /// <summary>Deletes watermark rows of closed windows (when no next chunk follows to do it in its round trip).</summary>
    /// <param name="watermarks">The watermark ids.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    Task DeleteWatermarksAsync(IReadOnlyList<string> watermarks, CancellationToken cancellationToken);
}

/// <summary>One chunk to read: which rows, and the watermark ids around the read.</summary>
/// <typeparam name="TTable">The connector's description of a captured table.</typeparam>
/// <param name="Table">The table.</param>
/// <param name="Target">The snapshot target (filter, key range or key list narrow the rows).</param>
/// <param name="After">The last key of the previous chunk (exclusive lower bound), or null for the first chunk.</param>
/// <param name="ChunkSize">The most rows to read; a chunk with fewer rows is the target's last.</param>
/// <param name="LowWatermark">The id of the low watermark to write before the select.</param>
/// <param name="HighWatermark">The id of the high watermark to write after the select.</param>
/// <param name="FinishedWatermarks">Watermark ids of closed windows to delete first.</param>
public sealed record SnapshotChunkRequest<TTable>(
    TTable Table,
    SnapshotTarget Target,
    IReadOnlyList<string>? After,
    int ChunkSize,
    string LowWatermark,
    string HighWatermark,
    IReadOnlyList<string> FinishedWatermarks)
    where TTable : class;

/// <summary>A chunk's rows in primary-key order and the text form of its last key.</summary>
/// <param name="Rows">The rows (value structs), in primary-key order.</param>
/// <param name="LastKey">The last row's key values as text, in key order (what <see cref="SnapshotChunkRequest{TTable}.After"/> of the next chunk gets). Only a full chunk needs it: a chunk with fewer rows than asked for is the target's last, and may leave it null.</param>
public sealed record SnapshotChunk(IReadOnlyList<Struct> Rows, IReadOnlyList<string>? LastKey);

/// <summary>Emits one snapshot row (as <c>op: r</c>) into the connector's record queue.</summary>
/// <typeparam name="TTable">The connector's description of a captured table.</typeparam>
/// <param name="table">The row's table.</param>
/// <param name="row">The row.</param>
/// <param name="progress">The progress to put in the record's offset (advanced on the chunk's last row only).</param>
/// <param name="cancellationToken">Cancels the emit.</param>
public delegate ValueTask SnapshotRowEmitter<TTable>(TTable table, Struct row, SnapshotProgress progress, CancellationToken cancellationToken)
    where TTable : class;
