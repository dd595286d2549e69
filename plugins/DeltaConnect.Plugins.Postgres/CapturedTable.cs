using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Plugins.Postgres;

/// <summary>One column as the replication stream sends it.</summary>
/// <param name="SqlType">The column's type as SQL spells it (format_type), for casts in snapshot queries.</param>
internal sealed record CapturedColumn(string Name, PgColumnType Type, bool IsKey, bool NotNull, string SqlType);

/// <summary>
/// A captured table at one version of its definition (a new Relation message makes a new one): its topic and the
/// Debezium-shaped key, value and envelope schemas.
/// </summary>
internal sealed class CapturedTable
{
    /// <summary>Debezium's source block for Postgres.</summary>
    public static readonly Schema SourceSchema = SchemaBuilder.Struct().Name("io.debezium.connector.postgresql.Source")
        .Field("version", Schema.String)
        .Field("connector", Schema.String)
        .Field("name", Schema.String)
        .Field("ts_ms", Schema.Int64)
        .Field("snapshot", SchemaBuilder.String().Optional().Name("io.debezium.data.Enum").Version(1).Parameter("allowed", "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental").DefaultValue("false"))
        .Field("db", Schema.String)
        .Field("sequence", Schema.OptionalString)
        .Field("ts_us", Schema.OptionalInt64)
        .Field("ts_ns", Schema.OptionalInt64)
        .Field("schema", Schema.String)
        .Field("table", Schema.String)
        .Field("txId", Schema.OptionalInt64)
        .Field("lsn", Schema.OptionalInt64)
        .Field("xmin", Schema.OptionalInt64)
        .Build();

    /// <summary>Debezium's transaction block.</summary>
    public static readonly Schema TransactionSchema = SchemaBuilder.Struct().Name("event.block").Version(1).Optional()
        .Field("id", Schema.String)
        .Field("total_order", Schema.Int64)
        .Field("data_collection_order", Schema.Int64)
        .Build();

    public CapturedTable(uint relationId, string schema, string table, string prefix, IReadOnlyList<CapturedColumn> columns)
    {
        RelationId = relationId;
        SchemaName = schema;
        TableName = table;
        Columns = columns;
        Topic = $"{prefix}.{schema}.{table}";
        Name = $"{schema}.{table}";
        var keyColumns = columns.Where(c => c.IsKey).ToList();
        KeyColumnNames = [.. keyColumns.Select(c => c.Name)];
        if (keyColumns.Count > 0)
        {
            var key = SchemaBuilder.Struct().Name($"{Topic}.Key");
            foreach (var column in keyColumns)
            {
                key.Field(column.Name, column.Type.SchemaFor(false).Build());
            }

            KeySchema = key.Build();
        }

        // Every value field is optional: a delete's before image under REPLICA IDENTITY DEFAULT carries the key only.
        var value = SchemaBuilder.Struct().Name($"{Topic}.Value").Optional();
        foreach (var column in columns)
        {
            value.Field(column.Name, column.Type.SchemaFor(true).Optional().Build());
        }

        ValueSchema = value.Build();
        _keyFields = KeySchema is null ? [] : [.. KeySchema.Fields.Select(f => (f, ValueSchema.Field(f.Name)!))];
        EnvelopeSchema = SchemaBuilder.Struct().Name($"{Topic}.Envelope").Version(2)
            .Field("before", ValueSchema)
            .Field("after", ValueSchema)
            .Field("source", SourceSchema)
            .Field("transaction", TransactionSchema)
            .Field("op", Schema.String)
            .Field("ts_ms", Schema.OptionalInt64)
            .Field("ts_us", Schema.OptionalInt64)
            .Field("ts_ns", Schema.OptionalInt64)
            .Build();
        BeforeField = EnvelopeSchema.Field("before")!;
        AfterField = EnvelopeSchema.Field("after")!;
        SourceField = EnvelopeSchema.Field("source")!;
        OpField = EnvelopeSchema.Field("op")!;
        TsMsField = EnvelopeSchema.Field("ts_ms")!;
    }

    /// <summary>Each key field with the value field it is copied from, looked up once.</summary>
    private readonly (Field Key, Field Value)[] _keyFields;

    /// <summary>The envelope's fields, looked up once.</summary>
    public Field BeforeField { get; }

    /// <inheritdoc cref="BeforeField"/>
    public Field AfterField { get; }

    /// <inheritdoc cref="BeforeField"/>
    public Field SourceField { get; }

    /// <inheritdoc cref="BeforeField"/>
    public Field OpField { get; }

    /// <inheritdoc cref="BeforeField"/>
    public Field TsMsField { get; }

    public uint RelationId { get; }

    public string SchemaName { get; }

    public string TableName { get; }

    public IReadOnlyList<CapturedColumn> Columns { get; }

    /// <summary>schema.table.</summary>
    public string Name { get; }

    public string Topic { get; }

    /// <summary>The primary key's columns in key order (empty without a primary key).</summary>
    public IReadOnlyList<string> KeyColumnNames { get; }

    /// <summary>Null for tables without a primary key (their records have no key).</summary>
    public Schema? KeySchema { get; }

    public Schema ValueSchema { get; }

    public Schema EnvelopeSchema { get; }

    /// <summary>The key of a row image (null without a primary key).</summary>
    public Struct? KeyOf(Struct row)
    {
        if (KeySchema is null)
        {
            return null;
        }

        var key = new Struct(KeySchema);
        foreach (var (keyField, valueField) in _keyFields)
        {
            key.Put(keyField, row.Get(valueField));
        }

        return key;
    }
}
