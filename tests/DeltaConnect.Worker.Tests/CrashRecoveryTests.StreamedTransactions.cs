using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Worker.Tests;

/// <summary>kill -9 while Postgres streams a large transaction that is still in progress (pgoutput v2 streaming).</summary>
public sealed partial class CrashRecoveryTests
{
    [Fact]
    public async Task Kill_9_in_the_middle_of_a_streamed_transaction_loses_none_of_its_changes()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = "db_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = await postgres.Server.CreateDatabaseAsync(database, ct);
        // The walsender of this database's slot decodes with 64 kB of memory: the open transaction below is streamed.
        await Sql.ExecuteAsync(connectionString, $"ALTER DATABASE {database} SET logical_decoding_work_mem = '64kB'; CREATE TABLE big (id int PRIMARY KEY, pad text)");
        var directory = TestRunDirectory.CreateServerDirectory("crash-streamed");
        var slot = "s_" + Guid.NewGuid().ToString("N")[..10];
        try
        {
            var brokerAddress = $"127.0.0.1:{FreePort.Next()}";
            // Heartbeats and status updates keep going while the transaction streams: their offsets are flushed before the
            // kill, and must not make the restart skip the transaction.
            var connector = await WritePostgresConnectorAsync(directory, database, slot, new Dictionary<string, string>
            {
                ["snapshot.mode"] = "no_data",
                ["heartbeat.interval.ms"] = "100",
                ["status.update.interval.ms"] = "100",
            });
            var worker = new WorkerProcess(directory, WorkerProcess.StandaloneArguments(directory, brokerAddress, FlushIntervalMs, connector));
            await using (worker)
            {
                await worker.StartAsync(ct);
                await WaitForSlotAsync(connectionString, slot);
                await Sql.ExecuteAsync(connectionString, "INSERT INTO big SELECT i, 'before' FROM generate_series(1, 10) i");
                await WaitForRecordsAsync(brokerAddress, 10);

                await using var open = await OpenStreamedTransaction.StartAsync(connectionString, slot, "big", 1001, 4000);

                // Past an offset flush (FlushIntervalMs) of heartbeats sent while the transaction is open.
                await Task.Delay(FlushIntervalMs * 2, ct);
                await worker.KillAsync();
                Assert.True(await open.SlotKeepsItAsync(connectionString, slot), $"the slot's restart_lsn moved past the open transaction's start {open.First}");

                await worker.StartAsync(ct);
                await WaitForSlotAsync(connectionString, slot);
                await open.InsertAsync(4001, 5000, 'y');
                await open.CommitAsync();
                await Sql.ExecuteAsync(connectionString, "INSERT INTO big VALUES (-1, 'last')");
                await WaitForRecordsAsync(brokerAddress, 4011);

                var ids = WorkerScenario.ReadTopic(brokerAddress, "crash.public.big", 0, TimeSpan.FromSeconds(30))
                    .Where(r => r.Message.Value is not null)
                    .Select(r => System.Text.Json.JsonDocument.Parse(r.Message.Value!).RootElement.GetProperty("after").GetProperty("id").GetInt32())
                    .ToList();
                // The rows committed before the kill may come again (at least once); the transaction's, once each, in order.
                Assert.Equal(Enumerable.Range(1, 10), ids.Where(i => i is > 0 and <= 10).Distinct().Order());
                Assert.Equal(Enumerable.Range(1001, 4000).Append(-1), ids.Where(i => i is > 1000 or < 0));
            }
        }
        finally
        {
            TestRunDirectory.RemoveServerDirectory(directory);
        }

        static async Task WaitForRecordsAsync(string brokerAddress, int count)
        {
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (CountRecords(brokerAddress, "crash.public.big") < count)
            {
                Assert.True(DateTime.UtcNow < until, $"fewer than {count} records reached crash.public.big within a minute");
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
    }
}
