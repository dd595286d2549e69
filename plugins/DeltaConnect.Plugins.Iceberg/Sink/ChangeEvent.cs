using System.Runtime.CompilerServices;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Plugins.Iceberg.Sink;

/// <summary>
/// A record as a table change: the row (for deletes, a struct that holds at least the id columns) and the record key.
/// Debezium envelopes (value fields <c>before</c>, <c>after</c>, <c>op</c>) are unwrapped: c/r/u upsert <c>after</c>,
/// d deletes <c>before</c> (or the key), t is ignored; tombstones (null values) carry no change.
/// </summary>
internal sealed record ChangeEvent(ChangeKind Kind, Struct Row, Struct? Key)
{
    /// <summary>Where a record came from, for error messages.</summary>
    public static string Where(SinkRecord record) =>
        $"the record at {record.OriginalTopic}-{record.OriginalKafkaPartition} offset {record.OriginalKafkaOffset}";

    /// <summary>
    /// Reads the changes records make. Records of a topic nearly always share one value schema: whether it is a Debezium
    /// envelope, and whether it has the operation field, is worked out once per schema instead of once per record.
    /// </summary>
    internal sealed class Reader(string? operationField, bool upsertByDefault)
    {
        private Sdk.Data.Schema? _schema;
        private bool _envelope;
        private Field? _operation;
        private Field? _op;
        private Field? _before;
        private Field? _after;

        /// <summary>The change <paramref name="record"/> makes, or null when it makes none (tombstone, truncate).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ChangeEvent? Read(SinkRecord record)
        {
            ArgumentNullException.ThrowIfNull(record);
            if (record.Value is null)
            {
                return null;
            }

            if (record.Value is not Struct value)
            {
                throw new DataException(
                    $"The Iceberg sink needs struct values with a schema, but {Where(record)} has a {record.Value.GetType().Name}. " +
                    "Use a converter that yields schemas (Avro, or JsonConverter with schemas.enable=true).");
            }

            if (!ReferenceEquals(value.Schema, _schema))
            {
                _envelope = IsDebeziumEnvelope(value.Schema);
                (_op, _before, _after) = (value.Schema.Field("op"), value.Schema.Field("before"), value.Schema.Field("after"));
                _operation = operationField is null ? null : value.Schema.Field(operationField);
                _schema = value.Schema;
            }

            var key = record.Key as Struct;
            if (_envelope)
            {
                var op = value.Get(_op!) as string;
                return op switch
                {
                    "c" or "r" or "u" => new ChangeEvent(ChangeKind.Upsert, value.Get(_after!) as Struct
                        ?? throw new DataException($"Debezium event {Where(record)} with op '{op}' has no 'after' row."), key),
                    "d" => new ChangeEvent(ChangeKind.Delete, value.Get(_before!) as Struct ?? key
                        ?? throw new DataException($"Debezium delete {Where(record)} has neither a 'before' row nor a key struct."), key),
                    "t" => null,
                    _ => throw new DataException($"Debezium event {Where(record)} has op '{op}'; expected c, r, u, d or t."),
                };
            }

            if (operationField is not null)
            {
                var field = _operation ?? throw new DataException($"{Where(record)} has no field '{operationField}' named by iceberg.tables.cdc-field.");
                var op = Convert.ToString(value.Get(field), System.Globalization.CultureInfo.InvariantCulture);
                return new ChangeEvent(op is "D" or "d" ? ChangeKind.Delete : ChangeKind.Upsert, value, key);
            }

            return new ChangeEvent(upsertByDefault ? ChangeKind.Upsert : ChangeKind.Append, value, key);
        }
    }

    private static bool IsDebeziumEnvelope(Sdk.Data.Schema schema) =>
        schema.Field("op")?.Schema.Type == SchemaType.String
        && schema.Field("after")?.Schema.Type == SchemaType.Struct
        && schema.Field("before")?.Schema.Type == SchemaType.Struct;
}
