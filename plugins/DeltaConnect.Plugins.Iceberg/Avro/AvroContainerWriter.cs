using System.Security.Cryptography;
using System.Text;

namespace DeltaConnect.Plugins.Iceberg.Avro;

/// <summary>
/// Writes an Avro object container file (uncompressed): header with the writer schema and user metadata, then the
/// records in one block. Callers encode records with <see cref="AvroBinaryWriter"/> in the schema's field order.
/// </summary>
internal static class AvroContainerWriter
{
    private static readonly byte[] Magic = [(byte)'O', (byte)'b', (byte)'j', 1];

    /// <summary>Writes the file and returns its length in bytes.</summary>
    public static long Write(string path, string schemaJson, IReadOnlyDictionary<string, string> metadata, int recordCount, ReadOnlySpan<byte> encodedRecords)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var sync = RandomNumberGenerator.GetBytes(16);
        var header = new AvroBinaryWriter();
        header.WriteRaw(Magic);
        var entries = new List<KeyValuePair<string, string>> { new("avro.schema", schemaJson), new("avro.codec", "null") };
        entries.AddRange(metadata);
        header.WriteLong(entries.Count);
        foreach (var (key, value) in entries)
        {
            header.WriteString(key);
            header.WriteBytes(Encoding.UTF8.GetBytes(value));
        }

        header.WriteLong(0);
        header.WriteRaw(sync);
        if (recordCount > 0)
        {
            header.WriteLong(recordCount);
            header.WriteLong(encodedRecords.Length);
            header.WriteRaw(encodedRecords);
            header.WriteRaw(sync);
        }

        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(header.WrittenSpan);
            file.Flush(flushToDisk: true);
        }

        return header.Length;
    }
}
