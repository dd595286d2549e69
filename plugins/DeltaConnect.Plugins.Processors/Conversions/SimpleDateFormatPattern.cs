using System.Globalization;
using System.Text;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Plugins.Processors.Conversions;

/// <summary>
/// A Java <c>SimpleDateFormat</c> pattern, as Kafka Connect's TimestampConverter and TimestampRouter take, translated
/// to .NET custom date and time format strings (one to format, one to parse). Times are always formatted in UTC, as
/// Kafka Connect does. Supported pattern letters:
/// <list type="bullet">
/// <item><c>yy</c> (two-digit year), <c>y</c>, <c>yyy</c>, <c>yyyy</c> (four-digit year), five or more <c>y</c> (zero-padded year);</item>
/// <item><c>M</c>/<c>L</c>, <c>MM</c>/<c>LL</c> (month number), <c>MMM</c> (<c>Jan</c>), <c>MMMM</c> (<c>January</c>);</item>
/// <item><c>d</c>, <c>dd</c> (day of month); <c>E</c>..<c>EEE</c> (<c>Mon</c>), <c>EEEE</c> (<c>Monday</c>);</item>
/// <item><c>H</c>, <c>HH</c> (hour 0-23); <c>h</c>, <c>hh</c> (hour 1-12); <c>a</c> (<c>AM</c>/<c>PM</c>);</item>
/// <item><c>m</c>, <c>mm</c> (minute); <c>s</c>, <c>ss</c> (second); <c>SSS</c> (millisecond);</item>
/// <item><c>Z</c> (formats <c>+0000</c>; parses offsets such as <c>-0700</c> or <c>-07:00</c>);
/// <c>X</c>, <c>XX</c>, <c>XXX</c> (formats <c>Z</c>; parses <c>Z</c> or an offset);
/// <c>z</c>, <c>zz</c>, <c>zzz</c> (formats and parses the text <c>UTC</c> only);</item>
/// <item>text in single quotes, <c>''</c> for a quote, and any other non-letter character as itself.</item>
/// </list>
/// Other letters (<c>G</c>, <c>Y</c>, <c>w</c>, <c>W</c>, <c>D</c>, <c>F</c>, <c>u</c>, <c>k</c>, <c>K</c>,
/// <c>S</c> other than <c>SSS</c>, ...) are rejected. Parsing is exact: the whole text must match the pattern
/// (SimpleDateFormat is lenient and ignores trailing text).
/// </summary>
internal sealed class SimpleDateFormatPattern
{
    /// <summary>The supported letters, for error messages.</summary>
    public const string SupportedLetters = "y, M, L, d, E, H, h, a, m, s, SSS, Z, X, z and quoted text";

    private readonly string _formatPattern;
    private readonly string _parsePattern;

    private SimpleDateFormatPattern(string pattern, string formatPattern, string parsePattern)
    {
        Pattern = pattern;
        _formatPattern = formatPattern;
        _parsePattern = parsePattern;
    }

    /// <summary>The SimpleDateFormat pattern as configured.</summary>
    public string Pattern { get; }

    /// <summary>Translates <paramref name="pattern"/>.</summary>
    /// <exception cref="ConfigException">Naming <paramref name="configName"/> when the pattern cannot be translated.</exception>
    public static SimpleDateFormatPattern Create(string pattern, string configName)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var format = new StringBuilder();
        var parse = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\'')
            {
                i = ReadQuoted(pattern, i, format, parse, configName);
                continue;
            }

            if (!char.IsAsciiLetter(c))
            {
                AppendLiteral(c, format, parse);
                i++;
                continue;
            }

            var count = 1;
            while (i + count < pattern.Length && pattern[i + count] == c)
            {
                count++;
            }

            Translate(pattern, c, count, format, parse, configName);
            i += count;
        }

        return new SimpleDateFormatPattern(pattern, Standalone(format.ToString()), Standalone(parse.ToString()));
    }

    /// <summary>Formats an instant in UTC.</summary>
    /// <exception cref="DataException">When the instant is outside the years 1 to 9999.</exception>
    public string Format(DateTimeOffset instant)
    {
        if (_formatPattern.Length == 0)
        {
            return "";
        }

        try
        {
            return instant.UtcDateTime.ToString(_formatPattern, CultureInfo.InvariantCulture);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new DataException($"Cannot format {instant:o} with pattern ({Pattern}).", e);
        }
    }

    /// <summary>Parses text that matches the pattern; times without an offset are UTC.</summary>
    public bool TryParse(string text, out DateTimeOffset instant)
    {
        if (_parsePattern.Length == 0)
        {
            instant = default;
            return false;
        }

        return DateTimeOffset.TryParseExact(text, _parsePattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }

    /// <inheritdoc />
    public override string ToString() => Pattern;

    private static void Translate(string pattern, char letter, int count, StringBuilder format, StringBuilder parse, string configName)
    {
        string? both = (letter, count) switch
        {
            ('y', 2) => "yy",
            ('y', < 5) => "yyyy",
            ('y', _) => new string('y', count),
            ('M' or 'L', 1) => "M",
            ('M' or 'L', 2) => "MM",
            ('M' or 'L', 3) => "MMM",
            ('M' or 'L', _) => "MMMM",
            ('d', 1) => "d",
            ('d', 2) => "dd",
            ('E', < 4) => "ddd",
            ('E', _) => "dddd",
            ('H', 1) => "H",
            ('H', 2) => "HH",
            ('h', 1) => "h",
            ('h', 2) => "hh",
            ('a', _) => "tt",
            ('m', 1) => "m",
            ('m', 2) => "mm",
            ('s', 1) => "s",
            ('s', 2) => "ss",
            ('S', 3) => "fff",
            _ => null,
        };
        if (both is not null)
        {
            format.Append(both);
            parse.Append(both);
            return;
        }

        switch (letter, count)
        {
            case ('Z', _):
                AppendLiteral("+0000", format);
                parse.Append("zzz");
                return;
            case ('X', <= 3):
                AppendLiteral("Z", format);
                parse.Append('K');
                return;
            case ('z', <= 3):
                AppendLiteral("UTC", format);
                AppendLiteral("UTC", parse);
                return;
        }

        var reason = letter == 'S'
            ? $"milliseconds must be written SSS (SimpleDateFormat's {new string('S', count)} does not mean a fraction of a second); supported pattern letters: {SupportedLetters}"
            : $"the pattern letter '{new string(letter, count)}' is not supported; supported pattern letters: {SupportedLetters}";
        throw new ConfigException(configName, pattern, reason);
    }

    private static int ReadQuoted(string pattern, int start, StringBuilder format, StringBuilder parse, string configName)
    {
        if (start + 1 < pattern.Length && pattern[start + 1] == '\'')
        {
            AppendLiteral('\'', format, parse);
            return start + 2;
        }

        var i = start + 1;
        while (true)
        {
            if (i >= pattern.Length)
            {
                throw new ConfigException(configName, pattern, "unterminated quote; quoted text must end with ' (write '' for a quote)");
            }

            if (pattern[i] == '\'')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '\'')
                {
                    AppendLiteral('\'', format, parse);
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            AppendLiteral(pattern[i], format, parse);
            i++;
        }
    }

    private static void AppendLiteral(char c, StringBuilder format, StringBuilder parse)
    {
        format.Append('\\').Append(c);
        parse.Append('\\').Append(c);
    }

    private static void AppendLiteral(string text, StringBuilder builder)
    {
        foreach (var c in text)
        {
            builder.Append('\\').Append(c);
        }
    }

    // A one-character .NET format string is a standard format ("d" is the short date); '%' makes it a custom one.
    private static string Standalone(string pattern) => pattern.Length == 1 ? "%" + pattern : pattern;
}
