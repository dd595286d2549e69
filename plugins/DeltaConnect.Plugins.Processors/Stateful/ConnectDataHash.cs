using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Plugins.Processors.Stateful;

/// <summary>
/// A 128-bit fingerprint of a Connect value that does not depend on how the value was built: every integer type hashes
/// as the same 64-bit number, float as double, maps regardless of entry order, structs field by field in schema order.
/// Two values a converter would write identically get the same fingerprint.
/// </summary>
internal static class ConnectDataHash
{
    private enum Tag : byte
    {
        Null,
        Boolean,
        Integer,
        Floating,
        Decimal,
        Text,
        Bytes,
        Temporal,
        Struct,
        Map,
        List,
        Guid,
    }

    /// <summary>The fingerprint of <paramref name="value"/> (16 bytes).</summary>
    /// <exception cref="DataException">When the value holds a type Connect data cannot hold.</exception>
    public static byte[] Of(object? value)
    {
        var hash = new XxHash128();
        Append(hash, value, "value");
        return hash.GetCurrentHash();
    }

    private static void Append(XxHash128 hash, object? value, string path)
    {
        Span<byte> scratch = stackalloc byte[9];
        switch (value)
        {
            case null:
                Write(hash, Tag.Null);
                break;
            case bool b:
                Write(hash, Tag.Boolean);
                hash.Append([b ? (byte)1 : (byte)0]);
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                Write(hash, Tag.Integer);
                BinaryPrimitives.WriteInt64BigEndian(scratch, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                hash.Append(scratch[..8]);
                break;
            case float or double:
                Write(hash, Tag.Floating);
                BinaryPrimitives.WriteDoubleBigEndian(scratch, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                hash.Append(scratch[..8]);
                break;
            case decimal d:
                Write(hash, Tag.Decimal);
                WriteText(hash, d.ToString(CultureInfo.InvariantCulture));
                break;
            case string s:
                Write(hash, Tag.Text);
                WriteText(hash, s);
                break;
            case byte[] bytes:
                WriteBytes(hash, bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                WriteBytes(hash, memory.Span);
                break;
            case ArraySegment<byte> segment:
                WriteBytes(hash, segment);
                break;
            case DateTimeOffset timestamp:
                WriteTemporal(hash, 't', timestamp.UtcTicks);
                break;
            case DateTime dateTime:
                WriteTemporal(hash, 't', dateTime.ToUniversalTime().Ticks);
                break;
            case DateOnly date:
                WriteTemporal(hash, 'd', date.DayNumber);
                break;
            case TimeOnly time:
                WriteTemporal(hash, 'h', time.Ticks);
                break;
            case Guid guid:
                Write(hash, Tag.Guid);
                hash.Append(guid.ToByteArray());
                break;
            case Struct structValue:
                Write(hash, Tag.Struct);
                foreach (var field in structValue.Schema.Fields)
                {
                    WriteText(hash, field.Name);
                    Append(hash, structValue.Get(field), $"{path}.{field.Name}");
                }

                break;
            case IDictionary map:
                WriteMap(hash, map, path);
                break;
            case IEnumerable list:
                Write(hash, Tag.List);
                var index = 0;
                foreach (var item in list)
                {
                    Append(hash, item, $"{path}[{index++}]");
                }

                WriteLength(hash, index);
                break;
            default:
                throw new DataException($"{path} is a {value.GetType().FullName}, which is not a Connect data type; it cannot be compared for de-duplication.");
        }
    }

    private static void WriteMap(XxHash128 hash, IDictionary map, string path)
    {
        // Entry order is not part of a map's value: hash each entry alone, then the sorted entry hashes.
        var entries = new List<byte[]>(map.Count);
        foreach (DictionaryEntry entry in map)
        {
            var entryHash = new XxHash128();
            Append(entryHash, entry.Key, path + ".<key>");
            Append(entryHash, entry.Value, $"{path}[{entry.Key}]");
            entries.Add(entryHash.GetCurrentHash());
        }

        entries.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        Write(hash, Tag.Map);
        WriteLength(hash, entries.Count);
        foreach (var entry in entries)
        {
            hash.Append(entry);
        }
    }

    private static void Write(XxHash128 hash, Tag tag) => hash.Append([(byte)tag]);

    private static void WriteLength(XxHash128 hash, int length)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, length);
        hash.Append(buffer);
    }

    private static void WriteText(XxHash128 hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteLength(hash, bytes.Length);
        hash.Append(bytes);
    }

    private static void WriteBytes(XxHash128 hash, ReadOnlySpan<byte> bytes)
    {
        Write(hash, Tag.Bytes);
        WriteLength(hash, bytes.Length);
        hash.Append(bytes);
    }

    private static void WriteTemporal(XxHash128 hash, char kind, long value)
    {
        Span<byte> buffer = stackalloc byte[9];
        buffer[0] = (byte)kind;
        BinaryPrimitives.WriteInt64BigEndian(buffer[1..], value);
        Write(hash, Tag.Temporal);
        hash.Append(buffer);
    }
}
