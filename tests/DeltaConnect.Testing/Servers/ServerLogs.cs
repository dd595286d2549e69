using Xunit;

namespace DeltaConnect.Testing.Servers;

/// <summary>Reads server logs and attaches them to the output of failed tests.</summary>
public static class ServerLogs
{
    /// <summary>The last <paramref name="lines"/> lines of a log file, or a note when it cannot be read.</summary>
    public static string Tail(string path, int lines = 80)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var queue = new Queue<string>(lines);
            while (reader.ReadLine() is { } line)
            {
                if (queue.Count == lines)
                {
                    queue.Dequeue();
                }

                queue.Enqueue(line);
            }

            return string.Join('\n', queue);
        }
        catch (IOException e)
        {
            return $"(log {path} unreadable: {e.Message})";
        }
        catch (UnauthorizedAccessException e)
        {
            return $"(log {path} unreadable: {e.Message})";
        }
    }

    /// <summary>
    /// When the current test has failed, writes the tail of each server's log to the test's output, so the
    /// failure report shows what the servers saw. Call from a test class's disposal (see <c>ServerTest</c>).
    /// </summary>
    public static void ReportIfTestFailed(IEnumerable<ITestServer> servers)
    {
        var context = TestContext.Current;
        if (context.TestState?.Result != TestResult.Failed || context.TestOutputHelper is not { } output)
        {
            return;
        }

        foreach (var server in servers)
        {
            output.WriteLine($"---- {server.Name}: last lines of {server.LogPath} ----");
            output.WriteLine(Tail(server.LogPath));
        }
    }
}
