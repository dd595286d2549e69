using System.Diagnostics;
using System.Globalization;
using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Benchmarks.Brokers;

/// <summary>
/// A server process whose standard output and error are appended to a log file, and whose process id is
/// recorded in <c>server.pid</c> in its server directory (so that a later test run can kill it should this
/// process die without stopping it — the command line must name that directory).
/// </summary>
internal sealed class LoggedProcess : IDisposable
{
    /// <summary>The file the test infrastructure's stale-run sweeper reads a server's process id from.</summary>
    private const string PidFileName = "server.pid";

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private bool _logClosed;

    private LoggedProcess(Process process, StreamWriter log, string logPath)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    /// <summary>The file holding the process's output.</summary>
    public string LogPath { get; }

    /// <summary>The operating system's id of the process.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only meaningful once <see cref="HasExited"/> is true.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="fileName"/> in <paramref name="serverDirectory"/>, logging to <paramref name="logPath"/>.</summary>
    public static LoggedProcess Start(string fileName, IEnumerable<string> arguments, string serverDirectory, string logPath)
    {
        var startInfo = ExternalCommand.Create(fileName, arguments);
        startInfo.WorkingDirectory = serverDirectory;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;

        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            AutoFlush = true,
        };
        var process = new Process { StartInfo = startInfo };
        var logged = new LoggedProcess(process, log, logPath);
        process.OutputDataReceived += (_, e) => logged.Append(e.Data);
        process.ErrorDataReceived += (_, e) => logged.Append(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            logged.Dispose();
            throw;
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        File.WriteAllText(Path.Combine(serverDirectory, PidFileName), process.Id.ToString(CultureInfo.InvariantCulture));
        return logged;
    }

    /// <summary>The last lines of the log.</summary>
    public string LogTail(int lines = 40) => ServerLogs.Tail(LogPath, lines);

    /// <summary>Waits for the process to end (and its output to be drained into the log).</summary>
    public async Task WaitForExitAsync(CancellationToken cancellationToken) =>
        await _process.WaitForExitAsync(cancellationToken);

    /// <summary>
    /// Asks the process to shut down cleanly (SIGTERM) and kills it (with its children) if it has not ended
    /// within <paramref name="gracePeriod"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (await ExternalCommand.StopAsync(_process, gracePeriod))
        {
            Append($"[benchmark] no exit within {gracePeriod.TotalSeconds:0} s of SIGTERM: killed the process");
        }

        // The parameterless wait drains the asynchronous output readers.
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>Kills the process if it still runs and releases the log file.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        _process.Dispose();
        lock (_logLock)
        {
            _logClosed = true;
            _log.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }
}
