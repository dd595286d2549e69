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
        if (IcebergValues.IsNaN(value))
        {
            NanCount++;
            return;
        }

        if (Lower is null || IcebergValues.Compare(Type, value, Lower) < 0)
        {
            Lower = value;
        }

        if (Upper is null || IcebergValues.Compare(Type, value, Upper) > 0)
        {
            Upper = value;
        }
    }
}
