using System.Diagnostics;

namespace DeltaConnect.Testing.Servers;

/// <summary>
/// Where a test process keeps its servers: data under <c>/tmp/deltaconnect-tests/&lt;pid&gt;-&lt;stamp&gt;/</c>
/// (removed when the servers stop) and logs under <c>artifacts/test-logs/</c> in the repository (kept).
/// Run directories are named after the test process so that those of runs which died without cleaning up
/// can be recognised and swept (see <see cref="StaleRunSweeper"/>).
/// </summary>
public static class TestRunDirectory
{
    private const UnixFileMode Traversable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static readonly Lazy<string> Current = new(CreateCurrent, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> Logs = new(CreateLogs, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Root under which every test process creates its own run directory.</summary>
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "deltaconnect-tests");

    /// <summary>This process's run directory (created, after sweeping stale ones, on first use).</summary>
    public static string CurrentRun => Current.Value;

    /// <summary>The directory where server logs are kept after the run.</summary>
    public static string LogDirectory => Logs.Value;

    /// <summary>Creates a new, empty directory for one server inside this process's run directory.</summary>
    public static string CreateServerDirectory(string name)
    {
        var dir = Path.Combine(Current.Value, $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Keeps a stopped server's logs, removes its directory, and removes this process's run directory once
    /// the last server is gone.
    /// </summary>
    public static void RemoveServerDirectory(string serverDirectory)
    {
        StaleRunSweeper.KeepLogs(serverDirectory, LogDirectory);
        if (Environment.GetEnvironmentVariable("DELTACONNECT_TEST_KEEP_DIRS") is { Length: > 0 } keep)
        {
            // Debugging aid: keep the whole server directory (data included) under the given directory.
            Directory.CreateDirectory(keep);
            Directory.Move(serverDirectory, Path.Combine(keep, Path.GetFileName(serverDirectory)));
        }
        else
        {
            Directory.Delete(serverDirectory, recursive: true);
        }

        try
        {
            Directory.Delete(CurrentRun);
        }
        catch (IOException)
        {
            // Other servers of this run are still up.
        }
    }

    /// <summary>The repository root (the directory holding DeltaConnect.sln), or null outside a checkout.</summary>
    public static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeltaConnect.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string CreateCurrent()
    {
        Directory.CreateDirectory(Root);
        StaleRunSweeper.Sweep(Root, LogDirectory);
        var dir = Path.Combine(Root, $"{Environment.ProcessId}-{Stopwatch.GetTimestamp()}");
        Directory.CreateDirectory(dir);
        // Servers may run as another user (initdb refuses root, so Postgres runs as `postgres`): they must be
        // able to traverse to their own directories.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Root, Traversable);
            File.SetUnixFileMode(dir, Traversable);
        }

        return dir;
    }

    private static string CreateLogs()
    {
        var root = FindRepositoryRoot();
        var dir = root is null ? Path.Combine(Root, "logs") : Path.Combine(root, "artifacts", "test-logs");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
