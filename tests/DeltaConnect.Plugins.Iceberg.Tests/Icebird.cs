using System.Text.Json;
using DeltaConnect.Testing.Peers;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>Reads tables with icebird, an independent JavaScript Iceberg reader that applies equality deletes.</summary>
internal static class Icebird
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    /// <summary>The rows of the table at <paramref name="tableUrl"/> (newest metadata, or <paramref name="metadataFile"/>) as a JSON array.</summary>
    public static async Task<JsonElement> ReadAsync(string tableUrl, string? metadataFile = null)
    {
        string[] arguments = metadataFile is null ? [tableUrl] : [tableUrl, metadataFile];
        var output = await PeerTools.RunNodeAsync(
            Path.Combine(AppContext.BaseDirectory, "Peers", "icebird-read.js"), arguments, Deadline, TestContext.Current.CancellationToken);
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"icebird-read.js printed no JSON result. Output:\n{output}");
        using var json = JsonDocument.Parse(line);
        return json.RootElement.GetProperty("rows").Clone();
    }
}
