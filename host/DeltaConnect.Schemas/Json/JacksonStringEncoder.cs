using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;

namespace DeltaConnect.Schemas.Json;

/// <summary>
/// Escapes JSON strings exactly as Jackson (Kafka Connect's JSON library) does by default, so that our bytes match a
/// Kafka Connect worker's: <c>"</c>, <c>\</c> and control characters below U+0020 are escaped (\b \t \n \f \r in
/// short form, others as <c>\u00XX</c>), and so is every UTF-16 surrogate, one code unit at a time: a character
/// beyond the Basic Multilingual Plane becomes <c>\uD83D\uDE00</c> (upper-case hex), a lone surrogate
/// <c>\uD800</c>. Everything else, non-ASCII included, is written as UTF-8. (System.Text.Json's own encoders also
/// escape HTML-sensitive and non-ASCII characters.)
/// </summary>
internal sealed class JacksonStringEncoder : JavaScriptEncoder
{
    private static readonly SearchValues<char> CharsToEscape = SearchValues.Create(CharsToEscapeList());

    // In UTF-8 text, the characters outside the Basic Multilingual Plane start with a byte from F0.
    private static readonly SearchValues<byte> BytesToEscape = SearchValues.Create(BytesToEscapeList());

    private JacksonStringEncoder()
    {
    }

    public static JacksonStringEncoder Instance { get; } = new();

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) =>
        new ReadOnlySpan<char>(text, textLength).IndexOfAny(CharsToEscape);

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text) => utf8Text.IndexOfAny(BytesToEscape);

    public override bool WillEncode(int unicodeScalar) => unicodeScalar < 0x20 || unicodeScalar == '"' || unicodeScalar == '\\' || unicodeScalar > 0xFFFF;

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        Span<char> utf16 = stackalloc char[2];
        var length = new Rune(unicodeScalar).EncodeToUtf16(utf16);
        return Encode(utf16[..length], new Span<char>(buffer, bufferLength), out _, out numberOfCharactersWritten) == OperationStatus.Done;
    }

    // Escapes code unit by code unit, as Jackson does (the base class would write U+FFFD for a lone surrogate).
    public override OperationStatus Encode(ReadOnlySpan<char> source, Span<char> destination, out int charsConsumed, out int charsWritten, bool isFinalBlock = true)
    {
        charsConsumed = 0;
        charsWritten = 0;
        while (charsConsumed < source.Length)
        {
            var c = source[charsConsumed];
            var shortEscape = ShortEscape(c);
            var needed = shortEscape != '\0' ? 2 : c < 0x20 || char.IsSurrogate(c) ? 6 : 1;
            if (charsWritten + needed > destination.Length)
            {
                return OperationStatus.DestinationTooSmall;
            }

            var target = destination[charsWritten..];
            switch (needed)
            {
                case 1:
                    target[0] = c;
                    break;
                case 2:
                    target[0] = '\\';
                    target[1] = shortEscape;
                    break;
                default:
                    target[0] = '\\';
                    target[1] = 'u';
                    target[2] = HexDigit(c >> 12);
                    target[3] = HexDigit((c >> 8) & 0xF);
                    target[4] = HexDigit((c >> 4) & 0xF);
                    target[5] = HexDigit(c & 0xF);
                    break;
            }

            charsWritten += needed;
            charsConsumed++;
        }

        return OperationStatus.Done;
    }

    private static char ShortEscape(char c) => c switch
    {
        '"' => '"',
        '\\' => '\\',
        '\b' => 'b',
        '\t' => 't',
        '\n' => 'n',
        '\f' => 'f',
        '\r' => 'r',
        _ => '\0',
    };

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static string CharsToEscapeList()
    {
        var chars = new StringBuilder("\"\\");
        for (var c = 0; c < 0x20; c++)
        {
            chars.Append((char)c);
        }

        for (var c = 0xD800; c <= 0xDFFF; c++)
        {
            chars.Append((char)c);
        }

        return chars.ToString();
    }

    private static byte[] BytesToEscapeList()
    {
        var bytes = new List<byte> { (byte)'"', (byte)'\\' };
        for (var b = 0; b < 0x20; b++)
        {
            bytes.Add((byte)b);
        }

        for (var b = 0xF0; b <= 0xFF; b++)
        {
            bytes.Add((byte)b);
        }

        return [.. bytes];
    }
}
