using System.Diagnostics;
using System.Text;

namespace DeltaConnect.Testing.Servers;

/// <summary>Runs a command to completion and reports its output; used to drive server tooling.</summary>
public static class ExternalCommand
{
    /// <summary>True when this process runs as root (servers such as Postgres then run as their own user).</summary>
    public static bool RunningAsRoot => Environment.UserName == "root";

    /// <summary>
    /// Runs <paramref name="fileName"/> and returns its combined output. Throws with the output when the
    /// command fails or exceeds <paramref name="timeout"/>. When <paramref name="asUser"/> is given and this
    /// process runs as root, the command runs as that user through <c>runuser</c>. <paramref name="environment"/>
    /// adds variables; <paramref name="standardInput"/> is written to the command's standard input.
    /// </summary>
    public static async Task<string> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? asUser = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? standardInput = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = Create(fileName, arguments, asUser);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = standardInput is not null;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{Describe(startInfo)}` did not finish within {timeout}. Output:\n{Text(output)}");
        }

        // The parameterless wait drains the asynchronous output readers.
        await process.WaitForExitAsync(CancellationToken.None);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{Describe(startInfo)}` exited with code {process.ExitCode}. Output:\n{Text(output)}");
        }

        return Text(output);
    }

    /// <summary>Builds a start description, wrapping it in <c>runuser</c> where needed.</summary>
    public static ProcessStartInfo Create(string fileName, IEnumerable<string> arguments, string? asUser = null)
    {
        var startInfo = new ProcessStartInfo { UseShellExecute = false };
        if (asUser is not null && RunningAsRoot && asUser != "root")
        {
            startInfo.FileName = "runuser";
            startInfo.ArgumentList.Add("-u");
            startInfo.ArgumentList.Add(asUser);
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(fileName);
        }
        else
        {
            startInfo.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    /// <summary>
    /// Stops a server process cleanly: SIGTERM, then SIGKILL (with its children) if it has not exited within
    /// <paramref name="grace"/>. Returns true when it had to be killed.
    /// </summary>
    public static async Task<bool> StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return false;
        }

        try
        {
            await RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the signal.
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return true;
        }
    }

    private static string Describe(ProcessStartInfo startInfo) =>
        string.Join(' ', new[] { startInfo.FileName }.Concat(startInfo.ArgumentList));

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
