using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Plugins.Iceberg.Partitions;

/// <summary>
/// A partition spec: how a row's partition tuple is derived from its top-level columns. Written from the Apache Iceberg
/// Kafka Connect sink's syntax, e.g. <c>bucket(id, 4), day(ts)</c> (also <c>id</c>, <c>identity(id)</c>, <c>year</c>,
/// <c>month</c>, <c>hour</c>).
/// </summary>
internal sealed partial class PartitionSpec(int specId, IReadOnlyList<PartitionField> fields)
{
    /// <summary>Partition field ids start here (spec).</summary>
    public const int FirstFieldId = 1000;

    public static PartitionSpec Unpartitioned { get; } = new(0, []);

    public int SpecId { get; } = specId;

    public IReadOnlyList<PartitionField> Fields { get; } = fields;

    public bool IsUnpartitioned => Fields.Count == 0;

    public JsonObject ToJson() => new() { ["spec-id"] = SpecId, ["fields"] = FieldsJson() };

    /// <summary>The fields as JSON, as manifests store them under <c>partition-spec</c>.</summary>
    public JsonArray FieldsJson() => new([.. Fields.Select(f => (JsonNode)f.ToJson())]);

    public static PartitionSpec FromJson(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new PartitionSpec(obj["spec-id"]!.GetValue<int>(), [.. obj["fields"]!.AsArray().Select(f => PartitionField.FromJson(f!.AsObject()))]);
    }

    /// <summary>The partition value types, in field order.</summary>
    public IReadOnlyList<PrimitiveType> ResultTypes(IcebergSchema schema) =>
        [.. Fields.Select(f => f.Transform.ResultType(Source(schema, f), f.Name))];

    /// <summary>The partition tuple of a row (columns by name, as the data file writer reads them).</summary>
    public PartitionKey KeyOf(IcebergSchema schema, Struct row)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(row);
        var values = new object?[Fields.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var field = Fields[i];
            var column = schema.Fields.First(c => c.Id == field.SourceId);
            var type = (PrimitiveType)column.Type;
            var value = row.Schema.Field(column.Name) is { } connectField ? row.Get(connectField) : null;
            values[i] = field.Transform.Apply(type, value is null ? null : IcebergValues.FromConnect(type, value, column.Name));
        }

        return new PartitionKey(values);
    }

    /// <summary>
    /// Parses partition terms such as <c>bucket(id, 4), day(ts)</c> against <paramref name="schema"/> into spec 0 with
    /// field ids from 1000; names follow Iceberg's (<c>id_bucket</c>, <c>ts_day</c>, <c>id</c> for identity).
    /// </summary>
    public static PartitionSpec Parse(string terms, IcebergSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var fields = new List<PartitionField>();
        foreach (var (transform, column) in ParseTerms(terms))
        {
            var source = schema.Fields.FirstOrDefault(f => f.Name == column)
                ?? throw new FormatException($"Partition term on '{column}': the table has no top-level column '{column}'.");
            if (source.Type is not PrimitiveType type)
            {
                throw new FormatException($"Partition term on '{column}': only primitive top-level columns can be partition sources.");
            }

            transform.ResultType(type, column);
            var name = transform.Kind switch
            {
                PartitionTransformKind.Identity => column,
                _ => $"{column}_{transform.Kind.ToString().ToLowerInvariant()}",
            };
            fields.Add(new PartitionField(source.Id, FirstFieldId + fields.Count, name, transform));
        }

        return new PartitionSpec(0, fields);
    }

    /// <summary>The (transform, column) pairs of a partition-by value; throws <see cref="FormatException"/> naming a bad term.</summary>
    public static IReadOnlyList<(PartitionTransform Transform, string Column)> ParseTerms(string terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var result = new List<(PartitionTransform, string)>();
        if (terms.Trim().Length == 0)
        {
            return result;
        }

        foreach (var term in SplitTerms(terms))
        {
            var match = TermPattern().Match(term);
            if (!match.Success)
            {
                throw new FormatException(
                    $"'{term}' is not a partition term: use column, identity(column), bucket(column, N), year(column), month(column), day(column) or hour(column).");
            }

            var function = match.Groups["function"].Value.ToLowerInvariant();
            var column = match.Groups["column"].Success ? match.Groups["column"].Value : match.Groups["bare"].Value;
            var transform = function switch
            {
                "" or "identity" => PartitionTransform.Identity,
                "bucket" when match.Groups["n"].Success && int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) > 0 =>
                    new PartitionTransform(PartitionTransformKind.Bucket, int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture)),
                "year" or "month" or "day" or "hour" when !match.Groups["n"].Success => PartitionTransform.Parse(function),
                _ => throw new FormatException($"'{term}' is not a partition term: bucket takes (column, N) with N > 0; identity, year, month, day and hour take (column)."),
            };
            result.Add((transform, column));
        }

        return result;
    }

    /// <summary>Splits on commas outside parentheses.</summary>
    private static IEnumerable<string> SplitTerms(string terms)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= terms.Length; i++)
        {
            if (i == terms.Length || (terms[i] == ',' && depth == 0))
            {
                yield return terms[start..i].Trim();
                start = i + 1;
            }
            else if (terms[i] == '(')
            {
                depth++;
            }
            else if (terms[i] == ')')
            {
                depth--;
            }
        }
    }

    private static PrimitiveType Source(IcebergSchema schema, PartitionField field) =>
        schema.Fields.FirstOrDefault(c => c.Id == field.SourceId)?.Type as PrimitiveType
            ?? throw new FormatException($"Partition field {field.Name}: source column {field.SourceId} is not a primitive top-level column of the schema.");

    [GeneratedRegex(@"^(?:(?<bare>[A-Za-z_][A-Za-z0-9_]*)|(?<function>[A-Za-z]+)\s*\(\s*(?<column>[A-Za-z_][A-Za-z0-9_]*)\s*(?:,\s*(?<n>\d+)\s*)?\))$")]
    private static partial Regex TermPattern();
}
