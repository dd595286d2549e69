using System.Numerics;
using System.Runtime.InteropServices;
using DeltaConnect.Plugins.Iceberg.Manifests;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Sdk.Data;
using ParquetSharp;
using ParquetSharp.IO;
using ParquetSharp.Schema;

namespace DeltaConnect.Plugins.Iceberg.Parquet;

/// <summary>
/// Writes Connect structs as Iceberg Parquet data files, rolled at a target size: every schema node carries its Iceberg field id, the table
/// schema is stored under the <c>iceberg.schema</c> key, and the returned <see cref="DataFile"/> holds the file's
/// metrics (value, null and NaN counts, bounds, column sizes) keyed by field id. Bounds are kept only for columns
/// outside lists.
/// </summary>
internal static class ParquetDataFileWriter
{
    /// <summary>Rows of the first row group of a file when nothing tells how many bytes a row takes yet.</summary>
    private const int FirstRowGroupRows = 1_000;

    /// <summary>Fewest rows per row group once sizes are estimated (bounds the number of row groups near the target).</summary>
    private const int MinRowGroupRows = 100;

    /// <summary>Most rows per row group (bounds the column buffers held in memory).</summary>
    private const int MaxRowGroupRows = 100_000;

    /// <summary>Writes all <paramref name="rows"/> into one file at <paramref name="path"/>.</summary>
    public static DataFile Write(string path, IcebergSchema schema, IReadOnlyList<Struct> rows) =>
        Write(() => path, schema, rows, long.MaxValue).Single();

    /// <summary>
    /// Writes <paramref name="rows"/> (in order) into as many files as <paramref name="targetFileSizeBytes"/> needs: rows go
    /// in row groups, and a file is closed once its size reaches the target (checked after each row group, whose size is
    /// chosen from the bytes per row seen so far, so that files end near the target). Always writes at least one file.
    /// </summary>
    public static List<DataFile> Write(Func<string> nextPath, IcebergSchema schema, IReadOnlyList<Struct> rows, long targetFileSizeBytes)
    {
        ArgumentNullException.ThrowIfNull(nextPath);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetFileSizeBytes, 1);

        var files = new List<DataFile>();
        var next = 0;
        double? bytesPerRow = null;
        do
        {
            var leaves = new List<ParquetLeafColumn>();
            var nodes = new List<Node>();
            var path = nextPath();
            try
            {
                var file = WriteFile(path, schema, rows, next, targetFileSizeBytes, ref bytesPerRow, leaves, nodes);
                files.Add(file);
                next += (int)file.RecordCount;
            }
            catch
            {
                // A row the schema rejects leaves no partial file behind.
                File.Delete(path);
                throw;
            }
            finally
            {
                foreach (var node in nodes)
                {
                    node.Dispose();
                }
            }
        }
        while (next < rows.Count);

        return files;
    }

    private static DataFile WriteFile(
        string path, IcebergSchema schema, IReadOnlyList<Struct> rows, int first, long targetBytes, ref double? bytesPerRow, List<ParquetLeafColumn> leaves, List<Node> nodes)
    {
        var fields = schema.Fields.Select(f => ParquetShredNode.ForField(f, leaves, nodes)).ToList();
        var root = new GroupNode("table", Repetition.Required, [.. fields.Select(f => f.Node)]);
        nodes.Add(root);
        using var properties = new WriterPropertiesBuilder().Compression(Compression.Zstd).Build();
        var metadata = new Dictionary<string, string> { ["iceberg.schema"] = schema.ToJsonString() };
        var written = 0;
        Sdk.Data.Schema? rowSchema = null;
        Sdk.Data.Field?[] rowFields = [];
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            using (var output = new ManagedOutputStream(stream, leaveOpen: true))
            using (var writer = new ParquetFileWriter(output, root, properties, metadata))
            {
                do
                {
                    var groupRows = RowGroupRows(targetBytes - stream.Position, bytesPerRow, rows.Count - first - written);
                    for (var r = first + written; r < first + written + groupRows; r++)
                    {
                        var row = rows[r];
                        // Rows nearly always share one schema: its fields are looked up by name once.
                        if (!ReferenceEquals(row.Schema, rowSchema))
                        {
                            rowSchema = row.Schema;
                            rowFields = [.. schema.Fields.Select(f => rowSchema.Field(f.Name))];
                        }

                        for (var i = 0; i < fields.Count; i++)
                        {
                            fields[i].Shred(rowFields[i] is { } connectField ? row.Get(connectField) : null, 0, 0, 0);
                        }
                    }

                    using (var rowGroup = writer.AppendRowGroup())
                    {
                        foreach (var leaf in leaves)
                        {
                            using var column = rowGroup.NextColumn();
                            WriteColumn(column, leaf);
                            leaf.ClearBuffers();
                        }
                    }

                    written += groupRows;
                    if (written > 0)
                    {
                        bytesPerRow = (double)stream.Position / written;
                    }
                }
                while (first + written < rows.Count && stream.Position < targetBytes);

                writer.Close();
            }

            stream.Flush(flushToDisk: false);
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
            RecordCount: written,
            FileSizeInBytes: new FileInfo(path).Length,
            ColumnSizes: columnSizes,
            ValueCounts: leaves.ToDictionary(l => l.FieldId, l => l.ValueCount),
            NullValueCounts: leaves.ToDictionary(l => l.FieldId, l => l.NullCount),
            NanValueCounts: leaves.Where(l => l.Type.Kind is PrimitiveKind.Float or PrimitiveKind.Double).ToDictionary(l => l.FieldId, l => l.NanCount),
            LowerBounds: bounded.Where(l => l.Lower is not null).ToDictionary(l => l.FieldId, l => IcebergValues.Serialize(l.Type, l.Lower!)),
            UpperBounds: bounded.Where(l => l.Upper is not null).ToDictionary(l => l.FieldId, l => IcebergValues.Serialize(l.Type, l.Upper!)),
            SplitOffsets: []);
    }

    /// <summary>Rows for the next row group: what fills the bytes left to the target at the estimated bytes per row.</summary>
    private static int RowGroupRows(long bytesLeft, double? bytesPerRow, int rowsLeft)
    {
        var rows = bytesPerRow is { } perRow and > 0
            ? (int)Math.Clamp(Math.Ceiling(bytesLeft / perRow), MinRowGroupRows, MaxRowGroupRows)
            : FirstRowGroupRows;
        return Math.Max(Math.Min(rows, rowsLeft), 0);
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
                ((ColumnWriter<bool>)column).WriteBatch(count, defs, reps, Unbox<bool>(values));
                AddStatistics(leaf);
                break;
            case PrimitiveKind.Int:
            case PrimitiveKind.Date:
                var ints = Unbox<int>(values);
                ((ColumnWriter<int>)column).WriteBatch(count, defs, reps, ints);
                AddIntegerStatistics(leaf, ints);
                break;
            case PrimitiveKind.Long:
            case PrimitiveKind.Time:
            case PrimitiveKind.Timestamp:
            case PrimitiveKind.Timestamptz:
                var longs = Unbox<long>(values);
                ((ColumnWriter<long>)column).WriteBatch(count, defs, reps, longs);
                AddIntegerStatistics(leaf, longs);
                break;
            case PrimitiveKind.Float:
                var floats = Unbox<float>(values);
                ((ColumnWriter<float>)column).WriteBatch(count, defs, reps, floats);
                AddFloatingStatistics(leaf, floats);
                break;
            case PrimitiveKind.Double:
                var doubles = Unbox<double>(values);
                ((ColumnWriter<double>)column).WriteBatch(count, defs, reps, doubles);
                AddFloatingStatistics(leaf, doubles);
                break;
            case PrimitiveKind.Decimal when leaf.Type.Precision <= 9:
                ((ColumnWriter<int>)column).WriteBatch(count, defs, reps, values.Select(v => (int)(BigInteger)v).ToArray());
                AddStatistics(leaf);
                break;
            case PrimitiveKind.Decimal when leaf.Type.Precision <= 18:
                ((ColumnWriter<long>)column).WriteBatch(count, defs, reps, values.Select(v => (long)(BigInteger)v).ToArray());
                AddStatistics(leaf);
                break;
            case PrimitiveKind.Decimal:
                var width = ParquetShredNode.DecimalBytes(leaf.Type.Precision);
                WriteBytes(column, count, defs, reps, values.Select(v => FixedWidth((BigInteger)v, width)).ToList(), fixedLength: true);
                AddStatistics(leaf);
                break;
            case PrimitiveKind.String:
                WriteStrings(column, count, defs, reps, values);
                AddStringStatistics(leaf);
                break;
            case PrimitiveKind.Binary:
                WriteBytes(column, count, defs, reps, values.Select(v => (byte[])v).ToList(), fixedLength: false);
                AddStatistics(leaf);
                break;
            default:
                throw new NotSupportedException($"Column '{leaf.Path}': Iceberg type {leaf.Type.Name} is not supported.");
        }
    }

    /// <summary>Bounds of a row group's values, compared boxed (types written rarely: booleans, decimals, binary).</summary>
    private static void AddStatistics(ParquetLeafColumn leaf)
    {
        object? lower = null, upper = null;
        foreach (var value in leaf.Values)
        {
            if (lower is null || IcebergValues.Compare(leaf.Type, value, lower) < 0)
            {
                lower = value;
            }

            if (upper is null || IcebergValues.Compare(leaf.Type, value, upper) > 0)
            {
                upper = value;
            }
        }

        leaf.AddStatistics(lower, upper, nanCount: 0);
    }

    private static void AddIntegerStatistics<T>(ParquetLeafColumn leaf, T[] values)
        where T : struct, INumber<T>
    {
        if (values.Length == 0)
        {
            return;
        }

        var lower = values[0];
        var upper = values[0];
        foreach (var value in values)
        {
            lower = T.Min(lower, value);
            upper = T.Max(upper, value);
        }

        leaf.AddStatistics(lower, upper, nanCount: 0);
    }

    /// <summary>Bounds of floating-point values: NaNs are counted and left out; -0.0 sorts before +0.0 (IEEE 754 totalOrder).</summary>
    private static void AddFloatingStatistics<T>(ParquetLeafColumn leaf, T[] values)
        where T : struct, IFloatingPointIeee754<T>
    {
        T? lower = null, upper = null;
        long nans = 0;
        foreach (var value in values)
        {
            if (T.IsNaN(value))
            {
                nans++;
                continue;
            }

            if (lower is not { } l || value < l || (value == l && T.IsNegative(value)))
            {
                lower = value;
            }

            if (upper is not { } u || value > u || (value == u && !T.IsNegative(value)))
            {
                upper = value;
            }
        }

        leaf.AddStatistics(lower, upper, nans);
    }

    private static void AddStringStatistics(ParquetLeafColumn leaf)
    {
        string? lower = null, upper = null;
        foreach (var value in leaf.Values)
        {
            var text = (string)value;
            if (lower is null || IcebergValues.CompareUtf8(text, lower) < 0)
            {
                lower = text;
            }

            if (upper is null || IcebergValues.CompareUtf8(text, upper) > 0)
            {
                upper = text;
            }
        }

        leaf.AddStatistics(lower, upper, nanCount: 0);
    }

    private static T[] Unbox<T>(List<object> values)
        where T : struct
    {
        var array = new T[values.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = (T)values[i];
        }

        return array;
    }

    /// <summary>Encodes strings as UTF-8 straight into the unmanaged buffer the batch points into.</summary>
    private static void WriteStrings(ColumnWriter column, int count, ReadOnlySpan<short> defs, ReadOnlySpan<short> reps, List<object> values)
    {
        var bytes = 0;
        foreach (var value in values)
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount((string)value);
        }

        using var buffer = new ByteBuffer(Math.Max(1024, bytes));
        var items = new ByteArray[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var text = (string)values[i];
            var length = System.Text.Encoding.UTF8.GetByteCount(text);
            items[i] = buffer.Allocate(length);
            if (length > 0)
            {
                unsafe
                {
                    System.Text.Encoding.UTF8.GetBytes(text, new Span<byte>((void*)items[i].Pointer, length));
                }
            }
        }

        ((ColumnWriter<ByteArray>)column).WriteBatch(count, defs, reps, items);
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
