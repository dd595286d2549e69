using System.Numerics;
using System.Runtime.InteropServices;
using DeltaConnect.Plugins.Iceberg.Manifests;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Sdk.Data;
using ParquetSharp;
using ParquetSharp.Schema;

namespace DeltaConnect.Plugins.Iceberg.Parquet;

/// <summary>
/// Writes Connect structs as one Iceberg Parquet data file: every schema node carries its Iceberg field id, the table
/// schema is stored under the <c>iceberg.schema</c> key, and the returned <see cref="DataFile"/> holds the file's
/// metrics (value, null and NaN counts, bounds, column sizes) keyed by field id. Bounds are kept only for columns
/// outside lists.
/// </summary>
internal static class ParquetDataFileWriter
{
    public static DataFile Write(string path, IcebergSchema schema, IReadOnlyList<Struct> rows)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(rows);

        var leaves = new List<ParquetLeafColumn>();
        var nodes = new List<Node>();
        try
        {
            return Write(path, schema, rows, leaves, nodes);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    private static DataFile Write(string path, IcebergSchema schema, IReadOnlyList<Struct> rows, List<ParquetLeafColumn> leaves, List<Node> nodes)
    {
        var fields = schema.Fields.Select(f => ParquetShredNode.ForField(f, leaves, nodes)).ToList();
        foreach (var row in rows)
        {
            for (var i = 0; i < fields.Count; i++)
            {
                var connectField = row.Schema.Field(schema.Fields[i].Name);
                fields[i].Shred(connectField is null ? null : row.Get(connectField), 0, 0, 0);
            }
        }

        var root = new GroupNode("table", Repetition.Required, [.. fields.Select(f => f.Node)]);
        nodes.Add(root);
        using var properties = new WriterPropertiesBuilder().Compression(Compression.Zstd).Build();
        var metadata = new Dictionary<string, string> { ["iceberg.schema"] = schema.ToJsonString() };
        using (var writer = new ParquetFileWriter(path, root, properties, metadata))
        {
            using (var rowGroup = writer.AppendRowGroup())
            {
                foreach (var leaf in leaves)
                {
                    using var column = rowGroup.NextColumn();
                    WriteColumn(column, leaf);
                }
            }

            writer.Close();
        }

        var columnSizes = new Dictionary<int, long>();
        using (var reader = new ParquetFileReader(path))
        {
            for (var g = 0; g < reader.FileMetaData.NumRowGroups; g++)
            {
                using var group = reader.RowGroup(g);
                for (var c = 0; c < leaves.Count; c++)
                {
                    using var chunk = group.MetaData.GetColumnChunkMetaData(c);
                    columnSizes[leaves[c].FieldId] = columnSizes.GetValueOrDefault(leaves[c].FieldId) + chunk.TotalCompressedSize;
                }
            }

            reader.Close();
        }

        var bounded = leaves.Where(l => l.MaxRepetitionLevel == 0).ToList();
        return new DataFile(
            Path: path,
            RecordCount: rows.Count,
            FileSizeInBytes: new FileInfo(path).Length,
            ColumnSizes: columnSizes,
            ValueCounts: leaves.ToDictionary(l => l.FieldId, l => l.ValueCount),
            NullValueCounts: leaves.ToDictionary(l => l.FieldId, l => l.NullCount),
            NanValueCounts: leaves.Where(l => l.Type.Kind is PrimitiveKind.Float or PrimitiveKind.Double).ToDictionary(l => l.FieldId, l => l.NanCount),
            LowerBounds: bounded.Where(l => l.Lower is not null).ToDictionary(l => l.FieldId, l => IcebergValues.Serialize(l.Type, l.Lower!)),
            UpperBounds: bounded.Where(l => l.Upper is not null).ToDictionary(l => l.FieldId, l => IcebergValues.Serialize(l.Type, l.Upper!)),
            SplitOffsets: []);
    }

    private static void WriteColumn(ColumnWriter column, ParquetLeafColumn leaf)
    {
        var count = leaf.DefinitionLevels.Count;
        ReadOnlySpan<short> defs = leaf.MaxDefinitionLevel > 0 ? CollectionsMarshal.AsSpan(leaf.DefinitionLevels) : default;
        ReadOnlySpan<short> reps = leaf.MaxRepetitionLevel > 0 ? CollectionsMarshal.AsSpan(leaf.RepetitionLevels) : default;
        var values = leaf.Values;
        switch (leaf.Type.Kind)
        {
            case PrimitiveKind.Boolean:
                ((ColumnWriter<bool>)column).WriteBatch(count, defs, reps, values.Select(v => (bool)v).ToArray());
                break;
            case PrimitiveKind.Int:
            case PrimitiveKind.Date:
                ((ColumnWriter<int>)column).WriteBatch(count, defs, reps, values.Select(v => (int)v).ToArray());
                break;
            case PrimitiveKind.Long:
            case PrimitiveKind.Time:
            case PrimitiveKind.Timestamp:
            case PrimitiveKind.Timestamptz:
                ((ColumnWriter<long>)column).WriteBatch(count, defs, reps, values.Select(v => (long)v).ToArray());
                break;
            case PrimitiveKind.Float:
                ((ColumnWriter<float>)column).WriteBatch(count, defs, reps, values.Select(v => (float)v).ToArray());
                break;
            case PrimitiveKind.Double:
                ((ColumnWriter<double>)column).WriteBatch(count, defs, reps, values.Select(v => (double)v).ToArray());
                break;
            case PrimitiveKind.Decimal when leaf.Type.Precision <= 9:
                ((ColumnWriter<int>)column).WriteBatch(count, defs, reps, values.Select(v => (int)(BigInteger)v).ToArray());
                break;
            case PrimitiveKind.Decimal when leaf.Type.Precision <= 18:
                ((ColumnWriter<long>)column).WriteBatch(count, defs, reps, values.Select(v => (long)(BigInteger)v).ToArray());
                break;
            case PrimitiveKind.Decimal:
                var width = ParquetShredNode.DecimalBytes(leaf.Type.Precision);
                WriteBytes(column, count, defs, reps, values.Select(v => FixedWidth((BigInteger)v, width)).ToList(), fixedLength: true);
                break;
            case PrimitiveKind.String:
                WriteBytes(column, count, defs, reps, values.Select(v => System.Text.Encoding.UTF8.GetBytes((string)v)).ToList(), fixedLength: false);
                break;
            case PrimitiveKind.Binary:
                WriteBytes(column, count, defs, reps, values.Select(v => (byte[])v).ToList(), fixedLength: false);
                break;
            default:
                throw new NotSupportedException($"Column '{leaf.Path}': Iceberg type {leaf.Type.Name} is not supported.");
        }
    }

    private static void WriteBytes(ColumnWriter column, int count, ReadOnlySpan<short> defs, ReadOnlySpan<short> reps, List<byte[]> values, bool fixedLength)
    {
        // Parquet byte arrays point into unmanaged memory that must outlive the batch: one buffer holds them all.
        using var buffer = new ByteBuffer(Math.Max(1024, values.Sum(v => v.Length)));
        if (fixedLength)
        {
            var items = new FixedLenByteArray[values.Count];
            for (var i = 0; i < values.Count; i++)
            {
                var allocated = buffer.Allocate(values[i].Length);
                Marshal.Copy(values[i], 0, allocated.Pointer, values[i].Length);
                items[i] = new FixedLenByteArray(allocated.Pointer);
            }

            ((ColumnWriter<FixedLenByteArray>)column).WriteBatch(count, defs, reps, items);
        }
        else
        {
            var items = new ByteArray[values.Count];
            for (var i = 0; i < values.Count; i++)
            {
                items[i] = buffer.Allocate(values[i].Length);
                if (values[i].Length > 0)
                {
                    Marshal.Copy(values[i], 0, items[i].Pointer, values[i].Length);
                }
            }

            ((ColumnWriter<ByteArray>)column).WriteBatch(count, defs, reps, items);
        }
    }

    private static byte[] FixedWidth(BigInteger unscaled, int width)
    {
        var bytes = new byte[width];
        if (unscaled.Sign < 0)
        {
            bytes.AsSpan().Fill(0xFF);
        }

        var minimal = unscaled.ToByteArray(isUnsigned: false, isBigEndian: true);
        minimal.CopyTo(bytes, width - minimal.Length);
        return bytes;
    }
}
