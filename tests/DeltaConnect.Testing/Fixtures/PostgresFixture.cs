using DeltaConnect.Testing.Servers;
using Xunit;

namespace DeltaConnect.Testing.Fixtures;

/// <summary>
/// One PostgreSQL server shared by every test of an assembly, started before the first test and stopped after
/// the last. Register it with <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c> and take it as a
/// constructor parameter. Tests that need different server settings start their own <see cref="PostgresServer"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    /// <summary>The running server.</summary>
    public PostgresServer Server => _server ?? throw new InvalidOperationException("The Postgres fixture has not started.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
