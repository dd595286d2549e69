using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Benchmarks.Brokers;

/// <summary>
/// Private directories for the brokers this benchmark starts. They live in the test infrastructure's run
/// directory (<c>/tmp/deltaconnect-tests/&lt;pid&gt;-&lt;stamp&gt;/</c>), so that a later test run kills the servers
/// and removes the data of a benchmark that died without cleaning up. Logs are kept in
/// <c>artifacts/benchmarks/logs/</c> when a directory is removed.
/// </summary>
internal sealed class ServerDirectories(string logDirectory)
{
    /// <summary>Where the logs of stopped servers are kept.</summary>
    public string LogDirectory { get; } = logDirectory;

    /// <summary>Creates a new, empty directory for one server.</summary>
    public static string Create(string name) => TestRunDirectory.CreateServerDirectory(name);

    /// <summary>Keeps the directory's <c>*.log</c> files and removes the directory.</summary>
    public void Remove(string serverDirectory)
    {
        if (!Directory.Exists(serverDirectory))
        {
            return;
        }

        Directory.CreateDirectory(LogDirectory);
        foreach (var log in Directory.EnumerateFiles(serverDirectory, "*.log"))
        {
            File.Copy(log, Path.Combine(LogDirectory, $"{Path.GetFileName(serverDirectory)}-{Path.GetFileName(log)}"), overwrite: true);
        }

        Directory.Delete(serverDirectory, recursive: true);
        try
        {
            Directory.Delete(TestRunDirectory.CurrentRun);
        }
        catch (IOException)
        {
            // Another server of this run is still up.
        }
    }
}
