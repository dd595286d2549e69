using System.Text;

namespace DeltaConnect.Schemas.Text;

/// <summary>
/// A character set named the way Java names them (<c>converter.encoding</c> takes Java charset names), encoding and
/// decoding as Java does: unmappable characters become '?', malformed bytes U+FFFD, and "UTF-16" is big-endian with
/// a byte-order mark when writing and honours a byte-order mark (default big-endian) when reading.
/// </summary>
internal sealed class JavaCharset
{
    private static readonly Dictionary<string, string> CanonicalNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UTF-8"] = "UTF-8", ["UTF8"] = "UTF-8", ["unicode-1-1-utf-8"] = "UTF-8",
        ["US-ASCII"] = "US-ASCII", ["ASCII"] = "US-ASCII", ["iso646-us"] = "US-ASCII", ["646"] = "US-ASCII", ["cp367"] = "US-ASCII", ["default"] = "US-ASCII",
        ["ISO-8859-1"] = "ISO-8859-1", ["ISO8859_1"] = "ISO-8859-1", ["ISO_8859_1"] = "ISO-8859-1", ["ISO8859-1"] = "ISO-8859-1", ["latin1"] = "ISO-8859-1", ["l1"] = "ISO-8859-1", ["cp819"] = "ISO-8859-1", ["IBM819"] = "ISO-8859-1", ["8859_1"] = "ISO-8859-1",
        ["UTF-16"] = "UTF-16", ["UTF_16"] = "UTF-16", ["utf16"] = "UTF-16", ["unicode"] = "UTF-16", ["UnicodeBig"] = "UTF-16",
        ["UTF-16BE"] = "UTF-16BE", ["UTF_16BE"] = "UTF-16BE", ["X-UTF-16BE"] = "UTF-16BE", ["UnicodeBigUnmarked"] = "UTF-16BE",
        ["UTF-16LE"] = "UTF-16LE", ["UTF_16LE"] = "UTF-16LE", ["X-UTF-16LE"] = "UTF-16LE", ["UnicodeLittleUnmarked"] = "UTF-16LE",
        ["UTF-32"] = "UTF-32", ["UTF_32"] = "UTF-32", ["UTF32"] = "UTF-32",
        ["UTF-32BE"] = "UTF-32BE", ["UTF_32BE"] = "UTF-32BE", ["X-UTF-32BE"] = "UTF-32BE",
        ["UTF-32LE"] = "UTF-32LE", ["UTF_32LE"] = "UTF-32LE", ["X-UTF-32LE"] = "UTF-32LE",
    };

    private static readonly EncoderFallback Unmappable = new EncoderReplacementFallback("?");
    private static readonly DecoderFallback Malformed = new DecoderReplacementFallback("\uFFFD");

    private readonly Encoding _encoding;
    private readonly bool _byteOrderMarked;

    private JavaCharset(string name, Encoding encoding, bool byteOrderMarked)
    {
        Name = name;
        _encoding = encoding;
        _byteOrderMarked = byteOrderMarked;
    }

    /// <summary>The charset's canonical Java name.</summary>
    public string Name { get; }

    /// <summary>The charset Java knows by <paramref name="name"/> (or an alias), or null when none is supported.</summary>
    public static JavaCharset? ForName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!CanonicalNames.TryGetValue(name.Trim(), out var canonical))
        {
            return null;
        }

        return canonical switch
        {
            "UTF-8" => new JavaCharset(canonical, Encoding.GetEncoding("utf-8", Unmappable, Malformed), false),
            "US-ASCII" => new JavaCharset(canonical, Encoding.GetEncoding("us-ascii", Unmappable, Malformed), false),
            "ISO-8859-1" => new JavaCharset(canonical, Encoding.GetEncoding("iso-8859-1", Unmappable, Malformed), false),
            "UTF-16" => new JavaCharset(canonical, WithFallbacks(new UnicodeEncoding(bigEndian: true, byteOrderMark: false)), true),
            "UTF-16BE" => new JavaCharset(canonical, WithFallbacks(new UnicodeEncoding(bigEndian: true, byteOrderMark: false)), false),
            "UTF-16LE" => new JavaCharset(canonical, WithFallbacks(new UnicodeEncoding(bigEndian: false, byteOrderMark: false)), false),
            "UTF-32" or "UTF-32BE" => new JavaCharset(canonical, WithFallbacks(new UTF32Encoding(bigEndian: true, byteOrderMark: false)), false),
            _ => new JavaCharset(canonical, WithFallbacks(new UTF32Encoding(bigEndian: false, byteOrderMark: false)), false),
        };
    }

    /// <summary>The names <see cref="ForName"/> accepts, canonical ones only.</summary>
    public static IEnumerable<string> SupportedNames => CanonicalNames.Values.Distinct(StringComparer.Ordinal);

    public byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!_byteOrderMarked || text.Length == 0)
        {
            // Java writes the byte-order mark only in front of something.
            return _encoding.GetBytes(text);
        }

        var bytes = new byte[2 + _encoding.GetByteCount(text)];
        bytes[0] = 0xFE;
        bytes[1] = 0xFF;
        _encoding.GetBytes(text, 0, text.Length, bytes, 2);
        return bytes;
    }

    public string Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (_byteOrderMarked && bytes.Length >= 2)
        {
            if (bytes[0] == 0xFE && bytes[1] == 0xFF)
            {
                return _encoding.GetString(bytes, 2, bytes.Length - 2);
            }

            if (bytes[0] == 0xFF && bytes[1] == 0xFE)
            {
                return WithFallbacks(new UnicodeEncoding(bigEndian: false, byteOrderMark: false)).GetString(bytes, 2, bytes.Length - 2);
            }
        }

        return _encoding.GetString(bytes);
    }

    private static Encoding WithFallbacks(Encoding encoding)
    {
        var copy = (Encoding)encoding.Clone();
        copy.EncoderFallback = Unmappable;
        copy.DecoderFallback = Malformed;
        return copy;
    }
}
