using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Plugins.Postgres;

/// <summary>
/// Debezium's transaction metadata events (<c>provide.transaction.metadata=true</c>): a BEGIN before the first change
/// event of a transaction that touches captured tables and an END after its last, on <c>&lt;topic.prefix&gt;.transaction</c>,
/// keyed by the transaction id.
/// </summary>
internal static class TransactionMetadata
{
    public static readonly Schema KeySchema = SchemaBuilder.Struct().Name("io.debezium.connector.common.TransactionMetadataKey")
        .Field("id", Schema.String)
        .Build();

    private static readonly Schema CollectionSchema = SchemaBuilder.Struct().Name("event.collection").Version(1)
        .Field("data_collection", Schema.String)
        .Field("event_count", Schema.Int64)
        .Build();

    public static readonly Schema ValueSchema = SchemaBuilder.Struct().Name("io.debezium.connector.common.TransactionMetadataValue")
        .Field("status", Schema.String)
        .Field("id", Schema.String)
        .Field("event_count", Schema.OptionalInt64)
        .Field("data_collections", SchemaBuilder.Array(CollectionSchema).Optional().Build())
        .Field("ts_ms", Schema.Int64)
        .Build();

    public static Struct Key(string id) => new Struct(KeySchema).Put("id", id);

    public static Struct Begin(string id, long timestamp) => new Struct(ValueSchema)
        .Put("status", "BEGIN")
        .Put("id", id)
        .Put("ts_ms", timestamp);

    /// <param name="id">The transaction id.</param>
    /// <param name="timestamp">The commit time (ms since the epoch).</param>
    /// <param name="collections">Events per table (schema.table), in the order the tables first appeared.</param>
    public static Struct End(string id, long timestamp, IReadOnlyList<KeyValuePair<string, long>> collections) => new Struct(ValueSchema)
        .Put("status", "END")
        .Put("id", id)
        .Put("event_count", collections.Sum(c => c.Value))
        .Put("data_collections", collections.Select(c => (object?)new Struct(CollectionSchema).Put("data_collection", c.Key).Put("event_count", c.Value)).ToList())
        .Put("ts_ms", timestamp);
}
