using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Testing.Docs;

/// <summary>
/// Generated parts of the docs live between <c>&lt;!-- config-table:NAME --&gt;</c> and <c>&lt;!-- /config-table:NAME --&gt;</c>
/// lines; tests compare them with what the code declares.
/// </summary>
public static class DocsSection
{
    /// <summary>
    /// The text between the markers of table <paramref name="name"/> in the docs page at <paramref name="relativePath"/>
    /// (under docs/), or null with the reason when the page or its markers are missing.
    /// </summary>
    public static string? ConfigTable(string relativePath, string name, out string problem)
    {
        var path = Path.Combine(TestRunDirectory.FindRepositoryRoot()!, "docs", relativePath);
        if (!File.Exists(path))
        {
            problem = $"docs/{relativePath} does not exist";
            return null;
        }

        var docs = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = $"<!-- config-table:{name} -->\n";
        var end = $"<!-- /config-table:{name} -->";
        var from = docs.IndexOf(start, StringComparison.Ordinal);
        var to = docs.IndexOf(end, StringComparison.Ordinal);
        if (from < 0 || to <= from)
        {
            problem = $"docs/{relativePath} lacks the {start.Trim()} ... {end} markers";
            return null;
        }

        problem = "";
        return docs[(from + start.Length)..to];
    }
}
