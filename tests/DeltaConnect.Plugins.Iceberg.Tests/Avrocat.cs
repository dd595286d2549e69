using System.Text.Json;
using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>Reads Avro files with Debian's <c>avrocat</c> (avro-bin; an Avro implementation independent of ours): one JSON record per line.</summary>
internal static class Avrocat
{
    public static async Task<List<JsonElement>> ReadAsync(string file)
    {
        var output = await ExternalCommand.RunAsync("avrocat", [file], TimeSpan.FromSeconds(60), cancellationToken: TestContext.Current.CancellationToken);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }
}
