using System.Text.Json;
using DeltaConnect.Plugins.Iceberg.Tests;
using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Worker.Tests;

/// <summary>
/// The real <c>deltaconnect</c> executable running generator → embedded broker → Iceberg sink kills itself with SIGKILL
/// at one step of its first table commit (the sink's <c>DELTACONNECT_ICEBERG_CRASH_AT</c> test hook), is restarted
/// without the hook, and the table icebird reads holds every record of the topic exactly once.
/// </summary>
public sealed class IcebergCrashRecoveryTests
{
    private const int Records = 1000;
    private const string CrashVariable = "DELTACONNECT_ICEBERG_CRASH_AT";

    [Theory]
    [InlineData("data-files-written")]
    [InlineData("manifests-written")]
    [InlineData("manifest-list-written")]
    [InlineData("metadata-written")]
    [InlineData("before-pointer-swap")]
    [InlineData("after-pointer-swap")]
    public async Task Kill_9_at_a_commit_step_then_restart_leaves_every_topic_record_in_the_table_exactly_once(string step)
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = TestRunDirectory.CreateServerDirectory("iceberg-crash");
        try
        {
            var warehouse = Path.Combine(directory, "warehouse");
            var source = await WorkerProcess.WriteGeneratorAsync(directory, Records, batchSize: 50, intervalMs: 100, ct);
            var sink = Path.Combine(directory, "sink.json");
            await File.WriteAllTextAsync(sink, $$$"""
                {"name": "lake", "config": {"connector.class": "IcebergSinkConnector", "topics": "generated",
                  "iceberg.tables": "crash.generated", "iceberg.catalog.warehouse": {{{JsonSerializer.Serialize(warehouse)}}},
                  "iceberg.control.commit.interval-ms": "0"}}
                """, ct);
            var brokerAddress = $"127.0.0.1:{FreePort.Next()}";
            var arguments = WorkerProcess.StandaloneArguments(directory, brokerAddress, flushIntervalMs: 500, source, sink);

            var worker = new WorkerProcess(directory, arguments);
            await using (worker)
            {
                worker.Environment[CrashVariable] = step;
                await worker.StartAsync(ct);
                Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(120)), $"the worker did not kill itself at {step}:\n{ServerLogs.Tail(worker.LogPath)}");
                Assert.Contains($"{CrashVariable}={step}: killing the process", await File.ReadAllTextAsync(worker.LogPath, ct), StringComparison.Ordinal);

                worker.Environment.Clear();
                await worker.StartAsync(ct);
                var expected = await GeneratedSequencesAsync(brokerAddress, ct);
                var table = new Uri(Path.Combine(warehouse, "crash", "generated")).AbsoluteUri;
                var actual = await WaitForTableAsync(table, expected, ct);
                Assert.Equal(expected, actual);
            }
        }
        finally
        {
            TestRunDirectory.RemoveServerDirectory(directory);
        }
    }

    /// <summary>The <c>seq</c> of every record in the topic (sorted, repeats kept) once the generator produced all of them.</summary>
    private static async Task<List<long>> GeneratedSequencesAsync(string brokerAddress, CancellationToken ct)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            List<long> sequences = [.. WorkerScenario.ReadTopic(brokerAddress, "generated")
                .Select(r => JsonDocument.Parse(r.Message.Value).RootElement.GetProperty("payload").GetProperty("seq").GetInt64())
                .Order()];
            if (sequences.Distinct().Count() >= Records || DateTime.UtcNow > until)
            {
                Assert.Equal(Enumerable.Range(0, Records).Select(i => (long)i), sequences.Distinct());
                return sequences;
            }

            await Task.Delay(300, ct);
        }
    }

    /// <summary>Reads the table until its <c>seq</c> values equal <paramref name="expected"/> or a deadline passes; returns the last read.</summary>
    private static async Task<List<long>> WaitForTableAsync(string table, List<long> expected, CancellationToken ct)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var hint = Path.Combine(new Uri(table).LocalPath, "metadata", "version-hint.text");
        List<long> rows = [];
        while (DateTime.UtcNow < until)
        {
            // Version 1 is the empty table created before the first commit (icebird needs a snapshot).
            if (File.Exists(hint) && (await File.ReadAllTextAsync(hint, ct)).Trim() != "1")
            {
                rows = [.. (await Icebird.ReadAsync(table)).EnumerateArray().Select(Seq).Order()];
                if (rows.SequenceEqual(expected))
                {
                    return rows;
                }
            }

            await Task.Delay(500, ct);
        }

        return rows;
    }

    // icebird returns longs as BigInt, which icebird-read.js prints as {"bigint": "…"}.
    private static long Seq(JsonElement row) => row.GetProperty("seq") is { ValueKind: JsonValueKind.Object } big
        ? long.Parse(big.GetProperty("bigint").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
        : row.GetProperty("seq").GetInt64();
}
