using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Parquet;

/// <summary>
/// One Parquet leaf column being filled: its Dremel definition and repetition levels, its non-null values in canonical
/// Iceberg form, and the Iceberg metrics for its field id.
/// </summary>
internal sealed class ParquetLeafColumn(int fieldId, PrimitiveType type, short maxDefinitionLevel, short maxRepetitionLevel, string path)
{
    public int FieldId { get; } = fieldId;

    public PrimitiveType Type { get; } = type;

    public short MaxDefinitionLevel { get; } = maxDefinitionLevel;

    public short MaxRepetitionLevel { get; } = maxRepetitionLevel;

    public string Path { get; } = path;

    public List<short> DefinitionLevels { get; } = [];

    public List<short> RepetitionLevels { get; } = [];

    public List<object> Values { get; } = [];

    public long ValueCount { get; private set; }

    public long NullCount { get; private set; }

    public long NanCount { get; private set; }

    public object? Lower { get; private set; }

    public object? Upper { get; private set; }

    /// <summary>Drops the levels and values written to a row group; the file's metrics keep accumulating.</summary>
    public void ClearBuffers()
    {
        DefinitionLevels.Clear();
        RepetitionLevels.Clear();
        Values.Clear();
    }

    /// <summary>
    /// Adds one level entry: a value, or null. Bounds and NaN counts are taken per row group from the typed batch
    /// (<see cref="AddStatistics"/>), which costs far less than comparing boxed values one by one.
    /// </summary>
    public void Add(int definitionLevel, int repetitionLevel, object? value)
    {
        DefinitionLevels.Add((short)definitionLevel);
        RepetitionLevels.Add((short)repetitionLevel);
        ValueCount++;
        if (value is null)
        {
            NullCount++;
            return;
        }

        Values.Add(value);
    }

    /// <summary>Merges a row group's bounds (non-NaN values; null when it had none) and NaN count into the file's metrics.</summary>
    public void AddStatistics(object? lower, object? upper, long nanCount)
    {
        NanCount += nanCount;
        if (lower is not null && (Lower is null || IcebergValues.Compare(Type, lower, Lower) < 0))
        {
            Lower = lower;
        }

        if (upper is not null && (Upper is null || IcebergValues.Compare(Type, upper, Upper) > 0))
        {
            Upper = upper;
        }
    }
}
