using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Plugins.Iceberg.Metadata;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Plugins.Iceberg.Sink;

/// <summary>
/// Buffers one table's changes between commits and commits them as one snapshot whose summary records, under
/// <see cref="OffsetsProperty"/>, the next Kafka offset of every partition written so far. Those summary offsets are
/// the truth: records below them are already in the table and are skipped when redelivered, so a crash between
/// writing files and committing (or between the table commit and the consumer offset commit) neither loses nor
/// duplicates rows.
/// <para>
/// Every upsert writes its row; every change of an id writes one equality delete of the id per commit (removing the id's
/// rows of earlier snapshots: an equality delete at sequence number N applies to data files below N only). When an id
/// changes again within the same commit, its row written earlier in the commit is removed by a position delete
/// (file, row position), which does apply to the snapshot's own data files.
/// </para>
/// </summary>
internal sealed class TableWriter
{
    /// <summary>Summary property with the id of the commit that wrote a snapshot.</summary>
    public const string CommitIdProperty = "kafka.connect.commit-id";

    private readonly TableIdentifier _name;
    private readonly ICatalog _catalog;
    private readonly bool _autoCreate;
    private readonly IReadOnlyList<string> _configuredIdColumns;
    private readonly Dictionary<TopicPartition, PendingOffset> _pending = [];
    private readonly List<Struct> _rows = [];
    private readonly HashSet<int> _superseded = [];
    private readonly Dictionary<string, int> _lastRowOfId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Struct> _deletedIds = new(StringComparer.Ordinal);
    private IReadOnlyList<int>? _equalityIds;
    private readonly bool _evolveSchema;
    private readonly string _partitionBy;
    private readonly HashSet<Sdk.Data.Schema> _fittingSchemas = new(ReferenceEqualityComparer.Instance);
    private readonly Action<CommitStep>? _stepReached;
    private CatalogTable? _table;
    private Sdk.Data.Schema? _lastFittingSchema;
    private PartitionCursor? _cursor;

    public TableWriter(
        TableIdentifier name,
        ICatalog catalog,
        bool autoCreate,
        bool evolveSchema,
        string partitionBy,
        IReadOnlyList<string> idColumns,
        string connectorName,
        Action<CommitStep>? stepReached = null)
    {
        _evolveSchema = evolveSchema;
        _partitionBy = partitionBy;
        _stepReached = stepReached;
        _name = name;
        _catalog = catalog;
        _autoCreate = autoCreate;
        _configuredIdColumns = idColumns;
        OffsetsProperty = $"kafka.connect.offsets.{connectorName}";
    }

    /// <summary>Summary property holding the committed offsets as JSON <c>{"topic-partition": nextOffset}</c>.</summary>
    public string OffsetsProperty { get; }

    /// <summary>The next offset of every partition as the table's newest snapshot with our offsets records it.</summary>
    public IReadOnlyDictionary<TopicPartition, long> Committed { get; private set; } = new Dictionary<TopicPartition, long>();

    /// <summary>Size at which data and delete files are rolled; null: the table's <c>write.target-file-size-bytes</c>.</summary>
    public long? TargetFileSizeBytes { get; init; }

    /// <summary>Whether changes are buffered or offsets advanced since the last commit.</summary>
    public bool HasPending => _pending.Count > 0;

    /// <summary>Re-reads the table (if it exists) and its committed offsets; drops anything buffered.</summary>
    public void Reload()
    {
        Clear();
        _fittingSchemas.Clear();
        _lastFittingSchema = null;
        _table = _catalog.LoadTable(_name);
        Committed = _table is null ? new Dictionary<TopicPartition, long>() : ParseOffsets(_table.Metadata.FindSummaryProperty(OffsetsProperty));
    }

    /// <summary>Buffers the change of <paramref name="record"/> unless the table already holds it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(SinkRecord record, ChangeEvent? change)
    {
        // Below the table's offset: already committed. Below the buffered next offset: already buffered — a consumer that
        // is rewound (e.g. to the table's offset when partitions are opened) can hand over records of a batch fetched
        // before the rewind and then the same records again. Both are looked up once per run of records of one partition.
        var partition = record.OriginalTopicPartition;
        var offset = record.OriginalKafkaOffset;
        if (_cursor is not { } cursor || !cursor.Partition.Equals(partition))
        {
            _pending.TryGetValue(partition, out var pending);
            var skipBelow = Committed.TryGetValue(partition, out var committed) ? committed : long.MinValue;
            _cursor = cursor = new PartitionCursor(partition, pending, pending is null ? skipBelow : Math.Max(skipBelow, pending.Next));
        }

        if (offset < cursor.SkipBelow)
        {
            return;
        }

        if (change is not null)
        {
            var schema = change.Row.Schema;
            var table = EnsureTable(schema, record);
            if (_evolveSchema && !ReferenceEquals(schema, _lastFittingSchema) && !_fittingSchemas.Contains(schema))
            {
                // Committed at once (a metadata version without a snapshot): buffered rows are written by column name, so
                // they fit the evolved schema too.
                table.UpdateSchema(metadata => SchemaEvolution.Evolve(metadata.CurrentSchema, metadata.LastColumnId, schema, _name.ToString()));
                _fittingSchemas.Add(schema);
            }

            _lastFittingSchema = schema;
            if (change.Kind == ChangeKind.Append)
            {
                _rows.Add(change.Row);
            }
            else
            {
                var idColumns = IdColumns(change, record);
                _equalityIds ??= EqualityIds(table, idColumns);
                var id = IdOf(change.Row, idColumns, record);
                // Every change of an id removes the id's rows of earlier snapshots (equality delete) and its row written
                // earlier in this commit (position delete); an upsert then writes the new row.
                _deletedIds[id] = change.Row;
                if (_lastRowOfId.Remove(id, out var earlier))
                {
                    _superseded.Add(earlier);
                }

                if (change.Kind == ChangeKind.Upsert)
                {
                    _lastRowOfId[id] = _rows.Count;
                    _rows.Add(change.Row);
                }
            }
        }

        // offset >= SkipBelow >= the buffered next offset: offset + 1 is the partition's new next offset.
        if (cursor.Pending is null)
        {
            cursor.Pending = new PendingOffset();
            _pending.Add(partition, cursor.Pending);
        }

        cursor.Pending.Next = offset + 1;
        cursor.SkipBelow = offset + 1;
    }

    /// <summary>Commits the buffered changes and offsets as one snapshot (nothing when nothing is pending).</summary>
    public void Commit()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        if (_table is null)
        {
            // Only records without rows (tombstones) so far: there is no table to record their offsets in yet; they are
            // redelivered after a restart and skipped again.
            return;
        }

        // The buffer itself: the commit reads it synchronously and it is cleared only afterwards.
        var rows = _rows;
        List<Struct> deletes = [.. _deletedIds.Values];
        var superseded = new HashSet<int>(_superseded);
        var pending = _pending.ToDictionary(p => p.Key, p => p.Value.Next);
        var commitId = Guid.NewGuid().ToString();
        _table.Commit(new RowDelta(rows, deletes, _equalityIds ?? [], metadata =>
        {
            // Merged with the newest committed offsets, so partitions written by other tasks of this connector survive.
            var offsets = new Dictionary<TopicPartition, long>(ParseOffsets(metadata.FindSummaryProperty(OffsetsProperty)));
            foreach (var (partition, next) in pending)
            {
                offsets[partition] = Math.Max(offsets.GetValueOrDefault(partition), next);
            }

            return new Dictionary<string, string> { [OffsetsProperty] = FormatOffsets(offsets), [CommitIdProperty] = commitId };
        }) { SupersededRows = superseded }, targetFileSizeBytes: TargetFileSizeBytes, stepReached: _stepReached);
        Committed = ParseOffsets(_table.Metadata.FindSummaryProperty(OffsetsProperty));
        Clear();
    }

    private void Clear()
    {
        _cursor = null;
        _pending.Clear();
        _rows.Clear();
        _superseded.Clear();
        _lastRowOfId.Clear();
        _deletedIds.Clear();
    }

    private CatalogTable EnsureTable(Sdk.Data.Schema schema, SinkRecord record)
    {
        if ((_table ??= _catalog.LoadTable(_name)) is { } table)
        {
            return table;
        }

        if (!_autoCreate)
        {
            throw new ConnectException(
                $"Table {_name} does not exist in the catalog and iceberg.tables.auto-create-enabled is false: create the table or set iceberg.tables.auto-create-enabled=true.");
        }

        if (schema.Type != SchemaType.Struct)
        {
            throw new DataException($"Cannot create table {_name} from {ChangeEvent.Where(record)}: its row is not a struct.");
        }

        try
        {
            var icebergSchema = ConnectSchemaConverter.ToIceberg(schema);
            PartitionSpec spec;
            try
            {
                spec = PartitionSpec.Parse(_partitionBy, icebergSchema);
            }
            catch (FormatException e)
            {
                throw new ConnectException(
                    $"Cannot create table {_name} partitioned by '{_partitionBy}': {e.Message} Fix {IcebergSinkConfig.PerTablePartitionBy(_name.ToString())} or {IcebergSinkConfig.DefaultPartitionBy}.", e);
            }

            return _table = _catalog.CreateTable(_name, icebergSchema, spec);
        }
        catch (CommitConflictException)
        {
            // Another task created it first.
            return _table = _catalog.LoadTable(_name) ?? throw new ConnectException($"Table {_name} was reported to exist but cannot be loaded from the catalog.");
        }
    }

    private List<int> EqualityIds(CatalogTable table, IReadOnlyList<string> idColumns)
    {
        var schema = table.Metadata.CurrentSchema;
        List<int> ids = [.. idColumns.Select(c => schema.Fields.FirstOrDefault(f => f.Name == c)?.Id
            ?? throw new DataException($"Id column '{c}' is not a top-level column of table {_name}; fix iceberg.tables.default-id-columns or the record key."))];

        // An equality delete applies within its partition only: were a partition source not an id column, an update that
        // moves a row to another partition would leave its older version behind.
        foreach (var field in table.Metadata.DefaultSpec.Fields.Where(f => !ids.Contains(f.SourceId)))
        {
            var column = schema.Fields.First(f => f.Id == field.SourceId).Name;
            throw new DataException(
                $"Table {_name} is partitioned by {field.Transform.Name}({column}) but upserts and deletes identify rows by {string.Join(", ", idColumns)}: " +
                $"partition only by id columns (e.g. bucket({idColumns[0]}, N)) or add '{column}' to iceberg.tables.default-id-columns.");
        }

        return ids;
    }

    private IReadOnlyList<string> IdColumns(ChangeEvent change, SinkRecord record)
    {
        if (_configuredIdColumns.Count > 0)
        {
            return _configuredIdColumns;
        }

        if (change.Key is { Schema.Fields.Count: > 0 } key)
        {
            return [.. key.Schema.Fields.Select(f => f.Name)];
        }

        throw new DataException(
            $"{ChangeEvent.Where(record)} is a change event for table {_name} but has no key struct to identify its row: set iceberg.tables.default-id-columns to the row's id columns.");
    }

    private static string IdOf(Struct row, IReadOnlyList<string> idColumns, SinkRecord record)
    {
        var id = new StringBuilder();
        foreach (var column in idColumns)
        {
            if (row.Schema.Field(column) is null)
            {
                throw new DataException($"{ChangeEvent.Where(record)} has no id column '{column}' in its row.");
            }

            var value = row.Get(column) ?? throw new DataException($"{ChangeEvent.Where(record)} has a null id column '{column}'.");
            id.Append(value.GetType().Name).Append(':').Append(value switch
            {
                byte[] bytes => Convert.ToBase64String(bytes),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            }).Append('\u001f');
        }

        return id.ToString();
    }

    private static Dictionary<TopicPartition, long> ParseOffsets(string? json)
    {
        var offsets = new Dictionary<TopicPartition, long>();
        if (json is null)
        {
            return offsets;
        }

        foreach (var (key, value) in JsonNode.Parse(json)?.AsObject() ?? [])
        {
            var dash = key.LastIndexOf('-');
            if (dash <= 0 || !int.TryParse(key.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var partition) || value is null)
            {
                throw new FormatException($"Snapshot summary offsets entry '{key}' is not topic-partition: nextOffset.");
            }

            offsets[new TopicPartition(key[..dash], partition)] = value.GetValue<long>();
        }

        return offsets;
    }

    private static string FormatOffsets(Dictionary<TopicPartition, long> offsets)
    {
        var json = new JsonObject();
        foreach (var (partition, next) in offsets.OrderBy(o => o.Key.Topic, StringComparer.Ordinal).ThenBy(o => o.Key.Partition))
        {
            json[partition.ToString()] = next;
        }

        return json.ToJsonString();
    }

    /// <summary>The next offset buffered for a partition.</summary>
    private sealed class PendingOffset
    {
        public long Next { get; set; }
    }

    /// <summary>The partition of the latest record, below which offset its records are skipped, and its buffered offset.</summary>
    private sealed class PartitionCursor(TopicPartition partition, PendingOffset? pending, long skipBelow)
    {
        public TopicPartition Partition { get; } = partition;

        public PendingOffset? Pending { get; set; } = pending;

        public long SkipBelow { get; set; } = skipBelow;
    }
}
