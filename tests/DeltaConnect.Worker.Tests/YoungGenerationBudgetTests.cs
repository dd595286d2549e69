using DeltaConnect.Testing.Servers;
using DeltaConnect.Worker.Hosting;

namespace DeltaConnect.Worker.Tests;

/// <summary>
/// Long-running deltaconnect processes give themselves a young-generation budget for record pipelines: the runtime takes
/// it only from DOTNET_GCgen0size, so the worker re-executes itself with the variable set (same process ID); a value the
/// user set is kept. See YoungGenerationBudget and docs/worker.md, "Tuning".
/// </summary>
public sealed class YoungGenerationBudgetTests
{
    [Theory]
    [InlineData(24L << 30, 2, 64L << 20)] // the development VMs: the preferred 64 MiB
    [InlineData(2L << 30, 8, 32L << 20)] // a 2 GiB container with 8 CPUs: all young generations within an eighth of memory
    [InlineData(1L << 30, 16, null)] // too small for a useful budget: the runtime's own sizing
    public void The_budget_is_bounded_by_memory_per_cpu(long memory, int processors, long? expected) =>
        Assert.Equal(expected, YoungGenerationBudget.Choose(memory, processors));

    [Fact]
    public void The_budget_is_written_as_the_runtime_reads_it() =>
        Assert.Equal("0x4000000", YoungGenerationBudget.Format(64L << 20));

    [Fact]
    public async Task A_worker_started_without_the_variable_runs_with_the_budget_under_the_same_process_id()
    {
        var expected = YoungGenerationBudget.Choose(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, Environment.ProcessorCount);
        Assert.NotNull(expected); // the test machines have the memory for it
        var (environment, log, _) = await RunWorkerAsync("gc-budget", value: null);

        // /proc/<pid>/environ of the PID that was started: execve kept the process, and the new image has the variable.
        Assert.Contains($"{YoungGenerationBudget.Variable}={YoungGenerationBudget.Format(expected.Value)}", environment);
        Assert.Contains($"young-generation budget {YoungGenerationBudget.Format(expected.Value)}", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_re_executed_worker_still_accepts_diagnostic_tools_on_its_socket()
    {
        // dotnet-trace and dotnet-counters connect to /tmp/dotnet-diagnostic-<pid>-<start time>-socket; execve keeps both
        // parts of the name, and before the old image's file was removed the new runtime could not listen there.
        var (environment, _, connected) = await RunWorkerAsync("gc-budget-diagnostics", value: null, probeDiagnostics: true);
        Assert.Contains(environment, e => e.StartsWith(YoungGenerationBudget.Variable + "=0x", StringComparison.Ordinal));
        Assert.True(connected, "no runtime accepted a connection on the worker's diagnostics socket");
    }

    [Fact]
    public async Task A_value_given_by_the_user_is_kept_and_reported()
    {
        var (environment, log, _) = await RunWorkerAsync("gc-budget-user", value: "0");

        Assert.Contains($"{YoungGenerationBudget.Variable}=0", environment);
        Assert.DoesNotContain(environment, e => e.StartsWith(YoungGenerationBudget.Variable + "=0x", StringComparison.Ordinal));
        Assert.Contains("young-generation budget 0 ", log, StringComparison.Ordinal);
    }

    private static async Task<(List<string> Environment, string Log, bool DiagnosticsConnected)> RunWorkerAsync(string name, string? value, bool probeDiagnostics = false)
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = TestRunDirectory.CreateServerDirectory(name);
        try
        {
            var worker = new WorkerProcess(directory, WorkerProcess.StandaloneArguments(directory, $"127.0.0.1:{FreePort.Next()}", flushIntervalMs: 500));
            worker.Environment[YoungGenerationBudget.Variable] = value;
            worker.Environment["COMPlus_GCgen0size"] = null;
            await using (worker)
            {
                await worker.StartAsync(ct);
                var environment = (await File.ReadAllTextAsync($"/proc/{worker.ProcessId}/environ", ct)).Split('\0').ToList();
                var log = await File.ReadAllTextAsync(worker.LogPath, ct);
                return (environment, log, probeDiagnostics && await DiagnosticsSocketAcceptsAsync(worker.ProcessId, ct));
            }
        }
        finally
        {
            TestRunDirectory.RemoveServerDirectory(directory);
        }
    }

    private static async Task<bool> DiagnosticsSocketAcceptsAsync(int processId, CancellationToken ct)
    {
        foreach (var path in YoungGenerationBudget.DiagnosticsSockets(processId))
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(path), ct);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
            }
        }

        return false;
    }
}
