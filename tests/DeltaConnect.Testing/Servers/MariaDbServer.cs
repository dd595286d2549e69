using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using MySqlConnector;

namespace DeltaConnect.Testing.Servers;

/// <summary>
/// A real MariaDB server on a free loopback port with a private data directory and a row-based binary log
/// (<c>binlog_format=ROW</c>, <c>binlog_row_image=FULL</c>), as a CDC source needs. Started with
/// <c>--no-defaults</c> so the machine's own my.cnf never leaks in. Tests connect over TCP as the user
/// <see cref="Username"/>, which holds every privilege including replication.
/// </summary>
public sealed class MariaDbServer : ITestServer, IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly MariaDbBinaries _binaries;
    private readonly string _directory;
    private Process? _process;
    private int _disposed;

    private MariaDbServer(MariaDbBinaries binaries, string directory, string password)
    {
        _binaries = binaries;
        _directory = directory;
        Password = password;
    }

    /// <inheritdoc />
    public string Name => "mariadb";

    /// <inheritdoc />
    public string LogPath => Path.Combine(_directory, "mariadb.log");

    /// <summary>Always the loopback address.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The TCP port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The test user, granted all privileges (replication included).</summary>
    public string Username { get; } = "deltaconnect";

    /// <summary>The test user's password (random per server).</summary>
    public string Password { get; }

    /// <summary>The server version string, e.g. <c>10.11.19-MariaDB-log</c>.</summary>
    public string Version { get; private set; } = "";

    private string DataDirectory => Path.Combine(_directory, "data");

    private string SocketPath => Path.Combine(_directory, "mysqld.sock");

    /// <summary>Initialises a new data directory and starts the server; the returned server is ready for connections.</summary>
    public static async Task<MariaDbServer> StartAsync(
        MariaDbServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MariaDbServerOptions();
        var binaries = FindBinaries();
        var server = new MariaDbServer(
            binaries,
            TestRunDirectory.CreateServerDirectory("mariadb"),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
        try
        {
            await ExternalCommand.RunAsync(
                binaries.InstallDb,
                ["--no-defaults", $"--datadir={server.DataDirectory}", "--auth-root-authentication-method=normal",
                 "--skip-test-db", .. RootUserArgument()],
                CommandTimeout,
                cancellationToken: cancellationToken);
            await server.StartOnFreePortAsync(options, cancellationToken);
            await server.CreateTestUserAsync(cancellationToken);
            return server;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var tail = server.LogTail();
            await server.DisposeAsync();
            throw new InvalidOperationException(
                $"MariaDB could not be started from {binaries.Server}: {e.Message}\nLog tail:\n{tail}", e);
        }
    }

    /// <summary>A connection string for the test user, optionally on <paramref name="database"/>.</summary>
    public string ConnectionString(string? database = null) =>
        new MySqlConnectionStringBuilder
        {
            Server = Host,
            Port = (uint)Port,
            UserID = Username,
            Password = Password,
            Database = database ?? "",
            SslMode = MySqlSslMode.None,
            AllowPublicKeyRetrieval = true,
        }.ConnectionString;

    /// <summary>Creates a fresh database and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "db_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new MySqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand($"CREATE DATABASE `{name}`", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>The last lines of the server's error log.</summary>
    public string LogTail(int lines = 80) => ServerLogs.Tail(LogPath, lines);

    /// <summary>Stops the server (SIGTERM, clean shutdown), keeps its log and removes its data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_process is not null)
        {
            await ExternalCommand.StopAsync(_process, TimeSpan.FromSeconds(60));
        }

        _process?.Dispose();
        TestRunDirectory.RemoveServerDirectory(_directory);
    }

    /// <summary>Locates mariadbd and mariadb-install-db: DELTACONNECT_MARIADB_BINDIR, else the Debian locations.</summary>
    internal static MariaDbBinaries FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("DELTACONNECT_MARIADB_BINDIR");
        if (!string.IsNullOrEmpty(configured))
        {
            var binaries = new MariaDbBinaries(Path.Combine(configured, "mariadbd"), Path.Combine(configured, "mariadb-install-db"));
            return File.Exists(binaries.Server) && File.Exists(binaries.InstallDb)
                ? binaries
                : throw new InvalidOperationException(
                    $"DELTACONNECT_MARIADB_BINDIR={configured} must hold both mariadbd and mariadb-install-db.");
        }

        // Debian's layout.
        var debian = new MariaDbBinaries("/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db");
        return File.Exists(debian.Server) && File.Exists(debian.InstallDb)
            ? debian
            : throw new InvalidOperationException(
                "No MariaDB server found (/usr/sbin/mariadbd). Run `bash scripts/install-deps.sh` (installs the " +
                "Debian package mariadb-server) or set DELTACONNECT_MARIADB_BINDIR.");
    }

    private static string[] RootUserArgument() => ExternalCommand.RunningAsRoot ? ["--user=root"] : [];

    private async Task StartOnFreePortAsync(MariaDbServerOptions options, CancellationToken cancellationToken)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            var startInfo = ExternalCommand.Create(
                _binaries.Server,
                [
                    "--no-defaults", .. RootUserArgument(),
                    $"--datadir={DataDirectory}", $"--socket={SocketPath}", $"--pid-file={Path.Combine(_directory, "mariadbd.pid")}",
                    $"--log-error={LogPath}", "--bind-address=127.0.0.1", $"--port={Port}", "--skip-name-resolve",
                    "--server-id=1", $"--log-bin={Path.Combine(DataDirectory, "binlog")}", "--binlog-format=ROW",
                    "--binlog-row-image=FULL", "--character-set-server=utf8mb4", "--max-connections=200",
                    // The tests exercise DeltaConnect's durability, not the database's: skip the disk flushes.
                    "--innodb-flush-log-at-trx-commit=0", "--sync-binlog=0", "--innodb-doublewrite=0",
                    "--innodb-buffer-pool-size=64M",
                    .. options.ExtraArguments,
                ]);
            startInfo.RedirectStandardOutput = true;
            startInfo.RedirectStandardError = true;
            _process = Process.Start(startInfo) ?? throw new InvalidOperationException("mariadbd did not start.");
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            await File.WriteAllTextAsync(
                Path.Combine(_directory, StaleRunSweeper.PidFileName),
                _process.Id.ToString(CultureInfo.InvariantCulture),
                cancellationToken);

            if (await WaitUntilReadyAsync(cancellationToken))
            {
                return;
            }

            if (attempt == attempts || !LogTail().Contains("Can't start server: Bind on TCP/IP port", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"mariadbd exited with code {_process.ExitCode} before accepting connections.");
            }

            // Someone took the port between FreePort and bind; try another.
            _process.Dispose();
            _process = null;
        }
    }

    private async Task<bool> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                return false;
            }

            try
            {
                await using var connection = new MySqlConnection(RootSocketConnectionString());
                await connection.OpenAsync(cancellationToken);
                Version = connection.ServerVersion;
                return true;
            }
            catch (MySqlException) when (deadline.Elapsed < ReadyTimeout)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private async Task CreateTestUserAsync(CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(RootSocketConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand(
            $"""
            DELETE FROM mysql.global_priv WHERE User = '';
            FLUSH PRIVILEGES;
            CREATE USER '{Username}'@'%' IDENTIFIED BY '{Password}';
            GRANT ALL PRIVILEGES ON *.* TO '{Username}'@'%' WITH GRANT OPTION;
            """,
            connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private string RootSocketConnectionString() =>
        new MySqlConnectionStringBuilder
        {
            Server = SocketPath,
            ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
            UserID = "root",
            Pooling = false,
        }.ConnectionString;
}
