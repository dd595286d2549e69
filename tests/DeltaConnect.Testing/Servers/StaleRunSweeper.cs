using System.Diagnostics;
using System.Globalization;

namespace DeltaConnect.Testing.Servers;

/// <summary>
/// Cleans up after test processes that died without stopping their servers (a killed test host, a crash):
/// kills the servers they left running, keeps their logs and removes their data. A run directory belongs to
/// a dead run when the process id in its name no longer exists.
/// </summary>
internal static class StaleRunSweeper
{
    /// <summary>File in a server directory holding the server's main process id.</summary>
    internal const string PidFileName = "server.pid";

    public static void Sweep(string root, string logDirectory)
    {
        foreach (var run in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(run);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var owner))
            {
                continue;
            }

            if (owner == Environment.ProcessId || Directory.Exists($"/proc/{owner}"))
            {
                continue;
            }

            foreach (var server in Directory.EnumerateDirectories(run))
            {
                KillServer(server);
                KeepLogs(server, logDirectory);
            }

            try
            {
                Directory.Delete(run, recursive: true);
            }
            catch (IOException)
            {
                // Another test process may be sweeping the same directory; it will finish the job.
            }
            catch (UnauthorizedAccessException)
            {
                // Left behind by another user; not ours to remove.
            }
        }
    }

    /// <summary>Copies a server directory's log files into the kept log directory.</summary>
    internal static void KeepLogs(string serverDirectory, string logDirectory)
    {
        foreach (var log in Directory.EnumerateFiles(serverDirectory, "*.log"))
        {
            var target = Path.Combine(logDirectory, $"{Path.GetFileName(serverDirectory)}-{Path.GetFileName(log)}");
            try
            {
                File.Copy(log, target, overwrite: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static void KillServer(string serverDirectory)
    {
        var pidFile = Path.Combine(serverDirectory, PidFileName);
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        // Guard against pid reuse: only kill a process whose command line names this server's directory.
        var cmdline = $"/proc/{pid}/cmdline";
        if (!File.Exists(cmdline) || !File.ReadAllText(cmdline).Contains(serverDirectory, StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
        }
    }
}
