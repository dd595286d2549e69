using System.Runtime.CompilerServices;
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
                foreach (var leaf in leaves)
                {
                    leaf.ReturnBuffers();
                }

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
                    ShredRows(schema, fields, rows, first + written, groupRows, ref rowSchema, ref rowFields);

                    using (var rowGroup = writer.AppendRowGroup())
                    {
                        foreach (var leaf in leaves)
                        {
                            using var column = rowGroup.NextColumn();
                            leaf.WriteRowGroup(column);
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

    /// <summary>Splits <paramref name="count"/> rows from <paramref name="start"/> into the leaf columns of <paramref name="fields"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ShredRows(
        IcebergSchema schema, List<ParquetShredNode> fields, IReadOnlyList<Struct> rows, int start, int count, ref Sdk.Data.Schema? rowSchema, ref Field?[] rowFields)
    {
        for (var r = start; r < start + count; r++)
        {
            var row = rows[r];
            // Rows nearly always share one schema: its fields are looked up by name once.
            if (!ReferenceEquals(row.Schema, rowSchema))
            {
                var current = row.Schema;
                rowFields = [.. schema.Fields.Select(f => current.Field(f.Name))];
                rowSchema = current;
            }

            for (var i = 0; i < fields.Count; i++)
            {
                fields[i].Shred(rowFields[i] is { } connectField ? row.Get(connectField) : null, 0, 0, 0);
            }
        }
    }

    /// <summary>Rows for the next row group: what fills the bytes left to the target at the estimated bytes per row.</summary>
    private static int RowGroupRows(long bytesLeft, double? bytesPerRow, int rowsLeft)
    {
        var rows = bytesPerRow is { } perRow and > 0
            ? (int)Math.Clamp(Math.Ceiling(bytesLeft / perRow), MinRowGroupRows, MaxRowGroupRows)
            : FirstRowGroupRows;
        return Math.Max(Math.Min(rows, rowsLeft), 0);
    }
}
