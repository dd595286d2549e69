using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Testing.Fixtures;

/// <summary>
/// Base class for tests that use real servers: when a test fails, the tail of each server's log is added to
/// that test's output, next to the assertion that failed.
/// </summary>
public abstract class ServerTest(params ITestServer[] servers) : IAsyncDisposable
{
    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        ServerLogs.ReportIfTestFailed(servers);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
