using System.Globalization;

namespace DeltaConnect.Runtime.Isolation;

/// <summary>
/// Orders plugin versions the way people read them: dot-separated parts compare numerically (<c>1.10.0</c> &gt;
/// <c>1.9.2</c>, missing parts count as 0), a pre-release is lower than its release (<c>2.0.0-rc1</c> &lt;
/// <c>2.0.0</c>, and pre-release parts compare as in SemVer), build metadata after <c>+</c> is ignored, and versions
/// that are not numbers at all (<c>unknown</c>) sort below every numbered one.
/// </summary>
internal sealed class PluginVersionComparer : IComparer<string>
{
    public static PluginVersionComparer Instance { get; } = new();

    private PluginVersionComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var (xRelease, xPre) = Split(x);
        var (yRelease, yPre) = Split(y);
        var byRelease = CompareParts(xRelease, yRelease, wordsFirst: false);
        if (byRelease != 0)
        {
            return byRelease;
        }

        if (xPre is null || yPre is null)
        {
            return xPre is null ? (yPre is null ? 0 : 1) : -1;
        }

        return CompareParts(xPre, yPre, wordsFirst: true);
    }

    private static (string Release, string? PreRelease) Split(string version)
    {
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        var withoutMetadata = (plus >= 0 ? version[..plus] : version).Trim();
        var dash = withoutMetadata.IndexOf('-', StringComparison.Ordinal);
        return dash >= 0 ? (withoutMetadata[..dash], withoutMetadata[(dash + 1)..]) : (withoutMetadata, null);
    }

    // In a release, a word (unknown) is below any number; in a pre-release, SemVer puts numbers below words.
    private static int CompareParts(string x, string y, bool wordsFirst)
    {
        var xParts = x.Split('.');
        var yParts = y.Split('.');
        for (var i = 0; i < Math.Max(xParts.Length, yParts.Length); i++)
        {
            var byPart = ComparePart(i < xParts.Length ? xParts[i] : "0", i < yParts.Length ? yParts[i] : "0", wordsFirst);
            if (byPart != 0)
            {
                return byPart;
            }
        }

        return 0;
    }

    private static int ComparePart(string x, string y, bool wordsFirst)
    {
        var xIsNumber = long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var xNumber);
        var yIsNumber = long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var yNumber);
        return (xIsNumber, yIsNumber) switch
        {
            (true, true) => xNumber.CompareTo(yNumber),
            (true, false) => wordsFirst ? -1 : 1,
            (false, true) => wordsFirst ? 1 : -1,
            _ => string.CompareOrdinal(x, y),
        };
    }
}
