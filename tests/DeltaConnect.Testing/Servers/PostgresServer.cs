using System.Globalization;
using System.Security.Cryptography;
using Npgsql;

namespace DeltaConnect.Testing.Servers;

/// <summary>
/// A real PostgreSQL server (15 or newer) on a free loopback port with a private data directory, configured
/// for logical replication (<c>wal_level=logical</c>, replication slots and WAL senders, a <c>host replication</c>
/// line in pg_hba.conf). Password authentication over TCP as the superuser <c>postgres</c>. initdb refuses to
/// run as root, so when the tests run as root the server runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : ITestServer, IAsyncDisposable
{
    private const string ServerUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _binDirectory;
    private readonly string _directory;
    private int _disposed;

    private PostgresServer(string binDirectory, string directory, string password)
    {
        _binDirectory = binDirectory;
        _directory = directory;
        Password = password;
    }

    /// <inheritdoc />
    public string Name => "postgres";

    /// <summary>The path of one of the server's client tools (pg_recvlogical, psql, ...).</summary>
    public string Tool(string name) => Path.Combine(_binDirectory, name);

    /// <inheritdoc />
    public string LogPath => Path.Combine(_directory, "postgres.log");

    /// <summary>Always the loopback address.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The TCP port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The superuser's name.</summary>
    public string Username { get; } = ServerUser;

    /// <summary>The superuser's password (random per server).</summary>
    public string Password { get; }

    /// <summary>The server version, e.g. <c>15.18</c>.</summary>
    public string Version { get; private set; } = "";

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Initialises a new cluster and starts it; the returned server is ready for connections.</summary>
    public static async Task<PostgresServer> StartAsync(
        PostgresServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PostgresServerOptions();
        var binDirectory = FindBinDirectory();
        var server = new PostgresServer(
            binDirectory,
            TestRunDirectory.CreateServerDirectory("postgres"),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
        try
        {
            await server.InitializeAsync(options, cancellationToken);
            await server.StartOnFreePortAsync(cancellationToken);
            return server;
        }
        catch
        {
            var tail = server.LogTail();
            await server.DisposeAsync();
            throw new InvalidOperationException(
                $"PostgreSQL could not be started from {binDirectory}. Log tail:\n{tail}");
        }
    }

    /// <summary>A connection string for the superuser on <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = Username,
            Password = Password,
            Database = database,
            Pooling = true,
        }.ConnectionString;

    /// <summary>Creates a fresh database (so that tests do not see each other's tables) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "db_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>The last lines of the server log.</summary>
    public string LogTail(int lines = 80) => ServerLogs.Tail(LogPath, lines);

    /// <summary>Stops the server (fast shutdown), keeps its log and removes its data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Already stopped (or never fully started); nothing else to stop.
            }
        }

        TestRunDirectory.RemoveServerDirectory(_directory);
    }

    /// <summary>Locates the server binaries: DELTACONNECT_PG_BINDIR, else the newest Debian install of 15+.</summary>
    internal static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("DELTACONNECT_PG_BINDIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb"))
                ? configured
                : throw new InvalidOperationException(
                    $"DELTACONNECT_PG_BINDIR={configured} holds no initdb; point it at a PostgreSQL 15+ bin directory.");
        }

        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Ok: int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var v), Version: v))
                .Where(c => c.Ok && c.Version >= 15 && File.Exists(Path.Combine(c.Dir, "initdb")))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Dir)
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            "No PostgreSQL 15+ server found under /usr/lib/postgresql. Run `bash scripts/install-deps.sh` " +
            "(installs the Debian package postgresql-15) or set DELTACONNECT_PG_BINDIR.");
    }

    private async Task InitializeAsync(PostgresServerOptions options, CancellationToken cancellationToken)
    {
        var passwordFile = Path.Combine(_directory, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Password, cancellationToken);
        if (ExternalCommand.RunningAsRoot)
        {
            await ExternalCommand.RunAsync("chown", ["-R", $"{ServerUser}:", _directory], CommandTimeout, cancellationToken: cancellationToken);
        }

        await RunToolAsync(
            "initdb",
            ["-D", DataDirectory, "-U", ServerUser, "--pwfile", passwordFile, "--auth-local=trust",
             "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"],
            cancellationToken);
        File.Delete(passwordFile);

        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["listen_addresses"] = "'127.0.0.1'",
            ["unix_socket_directories"] = $"'{_directory}'",
            ["wal_level"] = "logical",
            ["max_replication_slots"] = "32",
            ["max_wal_senders"] = "32",
            ["max_connections"] = "200",
            // The tests exercise DeltaConnect's durability, not the database's: skip the disk flushes. Commits stay
            // synchronous, because logical decoding only sees WAL that has been flushed.
            ["fsync"] = "off",
            ["full_page_writes"] = "off",
            ["log_line_prefix"] = "'%m [%p] %q%u@%d '",
        };
        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        await File.AppendAllLinesAsync(
            Path.Combine(DataDirectory, "postgresql.conf"),
            settings.Select(s => $"{s.Key} = {s.Value}"),
            cancellationToken);

        // Replace the generated pg_hba.conf with an explicit one: trust on the private socket, passwords on TCP,
        // and replication connections allowed (logical replication needs a `replication` line).
        await File.WriteAllLinesAsync(
            Path.Combine(DataDirectory, "pg_hba.conf"),
            [
                "local   all             all                     trust",
                "local   replication     all                     trust",
                "host    all             all     127.0.0.1/32    scram-sha-256",
                "host    replication     all     127.0.0.1/32    scram-sha-256",
            ],
            cancellationToken);
    }

    private async Task StartOnFreePortAsync(CancellationToken cancellationToken)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            try
            {
                await RunToolAsync(
                    "pg_ctl",
                    ["-D", DataDirectory, "-l", LogPath, "-o", $"-p {Port}", "-w", "-t", "60", "start"],
                    cancellationToken);
                break;
            }
            catch (InvalidOperationException) when (attempt < attempts && LogTail().Contains("could not bind", StringComparison.Ordinal))
            {
                // Someone took the port between FreePort and bind; try another.
            }
        }

        var pid = (await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid"), cancellationToken))[0];
        await File.WriteAllTextAsync(Path.Combine(_directory, StaleRunSweeper.PidFileName), pid, cancellationToken);

        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        Version = connection.PostgreSqlVersion.ToString();
    }

    private Task<string> RunToolAsync(string tool, string[] arguments, CancellationToken cancellationToken) =>
        ExternalCommand.RunAsync(Path.Combine(_binDirectory, tool), arguments, CommandTimeout, ServerUser, cancellationToken: cancellationToken);
}
