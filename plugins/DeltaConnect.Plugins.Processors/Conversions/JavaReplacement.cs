using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DeltaConnect.Plugins.Processors.Conversions;

/// <summary>
/// A replacement string in Java's <c>Matcher.replaceFirst</c> syntax, as Kafka Connect's RegexRouter takes it,
/// translated to .NET's <see cref="Regex.Replace(string, string, int)"/> syntax: <c>$n</c> and <c>${name}</c> refer
/// to groups, <c>\x</c> is the character <c>x</c> itself, and every other character is literal.
/// </summary>
internal static class JavaReplacement
{
    /// <summary>
    /// The .NET replacement for <paramref name="replacement"/> against <paramref name="regex"/>, or null with
    /// <paramref name="problem"/> set when it refers to a group the regex does not have or is malformed.
    /// </summary>
    public static string? ToDotNet(string replacement, Regex regex, out string? problem)
    {
        var groupNumbers = regex.GetGroupNumbers();
        var groupCount = groupNumbers.Length == 0 ? 0 : groupNumbers.Max();
        var result = new StringBuilder(replacement.Length + 8);
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '\\')
            {
                if (++i >= replacement.Length)
                {
                    problem = "character to be escaped is missing after the trailing backslash";
                    return null;
                }

                AppendLiteral(result, replacement[i]);
            }
            else if (c == '$')
            {
                if (++i >= replacement.Length)
                {
                    problem = "illegal group reference: '$' at the end (write \\$ for a dollar sign)";
                    return null;
                }

                if (replacement[i] == '{')
                {
                    var close = replacement.IndexOf('}', i);
                    var name = close < 0 ? "" : replacement[(i + 1)..close];
                    if (close < 0 || name.Length == 0 || !char.IsAsciiLetter(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
                    {
                        problem = "named capturing group reference is malformed; write ${name} with a name of letters and digits";
                        return null;
                    }

                    if (regex.GroupNumberFromName(name) < 0)
                    {
                        problem = $"no group with name {{{name}}} in the regex";
                        return null;
                    }

                    result.Append("${").Append(name).Append('}');
                    i = close;
                }
                else if (char.IsAsciiDigit(replacement[i]))
                {
                    // Java: the first digit always belongs to the reference; later digits only while the number stays a valid group.
                    var number = replacement[i] - '0';
                    if (number > groupCount)
                    {
                        problem = $"no group {number} in the regex (it has {groupCount})";
                        return null;
                    }

                    while (i + 1 < replacement.Length && char.IsAsciiDigit(replacement[i + 1]) && number * 10 + (replacement[i + 1] - '0') <= groupCount)
                    {
                        number = number * 10 + (replacement[++i] - '0');
                    }

                    result.Append("${").Append(number.ToString(CultureInfo.InvariantCulture)).Append('}');
                }
                else
                {
                    problem = "illegal group reference: '$' must be followed by a group number or {name} (write \\$ for a dollar sign)";
                    return null;
                }
            }
            else
            {
                AppendLiteral(result, c);
            }
        }

        problem = null;
        return result.ToString();
    }

    private static void AppendLiteral(StringBuilder result, char c)
    {
        if (c == '$')
        {
            result.Append("$$");
        }
        else
        {
            result.Append(c);
        }
    }
}
