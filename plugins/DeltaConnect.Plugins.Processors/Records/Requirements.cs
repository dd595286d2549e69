using System.Collections;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Plugins.Processors.Records;

/// <summary>
/// What a transform needs a record part to be (a struct, a schemaless map, a schema, a sink record), checked with
/// Kafka Connect's messages. Schemaless maps are string-keyed: <c>IReadOnlyDictionary&lt;string, object?&gt;</c>
/// (e.g. <c>Dictionary&lt;string, object?&gt;</c>), <c>IDictionary&lt;string, object?&gt;</c> or any
/// <see cref="IDictionary"/> whose keys are strings.
/// </summary>
internal static class Requirements
{
    public static void RequireSchema(Schema? schema, string purpose)
    {
        if (schema is null)
        {
            throw new DataException($"Schema required for [{purpose}].");
        }
    }

    public static Struct RequireStruct(object? value, string purpose) => value as Struct
        ?? throw new DataException($"Only Struct objects supported for [{purpose}], found: {TypeName(value)}.");

    public static Struct? RequireStructOrNull(object? value, string purpose) => value is null ? null : RequireStruct(value, purpose);

    public static IReadOnlyDictionary<string, object?> RequireMap(object? value, string purpose) =>
        AsMap(value) ?? throw new DataException($"Only Map objects supported in absence of schema for [{purpose}], found: {TypeName(value)}.");

    public static IReadOnlyDictionary<string, object?>? RequireMapOrNull(object? value, string purpose) => value is null ? null : RequireMap(value, purpose);

    public static SinkRecord RequireSinkRecord(ConnectRecord record, string purpose) => record as SinkRecord
        ?? throw new DataException($"Only SinkRecord supported for [{purpose}], found: {TypeName(record)}.");

    /// <summary>True when <paramref name="value"/> is one of the schemaless map shapes.</summary>
    public static bool IsMap(object? value) => value is IReadOnlyDictionary<string, object?> or IDictionary<string, object?> or IDictionary;

    /// <summary>A mutable copy of a schemaless map, keeping its order.</summary>
    public static Dictionary<string, object?> Copy(IReadOnlyDictionary<string, object?> map, int extraCapacity = 0)
    {
        var copy = new Dictionary<string, object?>(map.Count + extraCapacity, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            copy[key] = value;
        }

        return copy;
    }

    public static string TypeName(object? value) => value?.GetType().FullName ?? "null";

    private static IReadOnlyDictionary<string, object?>? AsMap(object? value)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> map:
                return map;
            case IDictionary<string, object?> map:
                return new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(map);
            case IDictionary map:
                var copy = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
                foreach (DictionaryEntry entry in map)
                {
                    if (entry.Key is not string key)
                    {
                        throw new DataException($"Schemaless maps must have string keys; found a key of type {TypeName(entry.Key)}.");
                    }

                    copy[key] = entry.Value;
                }

                return copy;
            default:
                return null;
        }
    }
}
