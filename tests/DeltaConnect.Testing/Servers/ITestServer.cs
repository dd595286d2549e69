namespace DeltaConnect.Testing.Servers;

/// <summary>A server process started for the duration of a test run.</summary>
public interface ITestServer
{
    /// <summary>Short name used in messages and log file names, e.g. <c>postgres</c>.</summary>
    string Name { get; }

    /// <summary>Path of the server's log file (kept after the server stops).</summary>
    string LogPath { get; }
}
