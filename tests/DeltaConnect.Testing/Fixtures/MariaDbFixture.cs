using DeltaConnect.Testing.Servers;
using Xunit;

namespace DeltaConnect.Testing.Fixtures;

/// <summary>
/// One MariaDB server shared by every test of an assembly, started before the first test and stopped after
/// the last. Register it with <c>[assembly: AssemblyFixture(typeof(MariaDbFixture))]</c> and take it as a
/// constructor parameter.
/// </summary>
public sealed class MariaDbFixture : IAsyncLifetime
{
    private MariaDbServer? _server;

    /// <summary>The running server.</summary>
    public MariaDbServer Server => _server ?? throw new InvalidOperationException("The MariaDB fixture has not started.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => _server = await MariaDbServer.StartAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
