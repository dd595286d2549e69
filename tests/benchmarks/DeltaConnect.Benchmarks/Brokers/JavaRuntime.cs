using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Benchmarks.Brokers;

/// <summary>The <c>java</c> executable that runs ZooKeeper and Kafka 0.9 ($JAVA_HOME/bin/java, else the one on PATH).</summary>
/// <param name="Executable">Path or name of the <c>java</c> launcher.</param>
/// <param name="Version">First line of <c>java -version</c>, e.g. <c>openjdk version "17.0.15" 2025-04-15</c>.</param>
internal sealed record JavaRuntime(string Executable, string Version)
{
    /// <summary>Finds java and asks it for its version; throws when there is none.</summary>
    public static async Task<JavaRuntime> FindAsync(CancellationToken cancellationToken)
    {
        var javaHome = Environment.GetEnvironmentVariable("JAVA_HOME");
        var executable = !string.IsNullOrEmpty(javaHome) && File.Exists(Path.Combine(javaHome, "bin", "java"))
            ? Path.Combine(javaHome, "bin", "java")
            : "java";
        string output;
        try
        {
            output = await ExternalCommand.RunAsync(executable, ["-version"], TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "No Java runtime found (Kafka 0.9 needs one): install OpenJDK 17 (Debian package openjdk-17-jre-headless) or set JAVA_HOME.", e);
        }

        var version = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "unknown";
        return new JavaRuntime(executable, version);
    }
}
