using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Testing.Peers;

/// <summary>
/// Independent tools the tests check DeltaConnect against: Debian's <c>kcat</c> and the npm packages in
/// <c>.tools/node_modules</c> (kafkajs, icebird), installed by <c>scripts/install-deps.sh</c>.
/// </summary>
public static class PeerTools
{
    /// <summary>The repository's <c>.tools/node_modules</c> directory.</summary>
    public static string NodeModules
    {
        get
        {
            var root = TestRunDirectory.FindRepositoryRoot() ?? throw new InvalidOperationException("Not inside the DeltaConnect repository.");
            var modules = Path.Combine(root, ".tools", "node_modules");
            return Directory.Exists(modules)
                ? modules
                : throw new InvalidOperationException($"{modules} is missing: run `bash scripts/install-deps.sh` to install the npm peer tools.");
        }
    }

    /// <summary>Runs a Node.js script with the peer tools on its module path; returns its output (throws on failure).</summary>
    public static Task<string> RunNodeAsync(string script, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ExternalCommand.RunAsync(
            "node",
            [script, .. arguments],
            timeout,
            environment: new Dictionary<string, string> { ["NODE_PATH"] = NodeModules },
            cancellationToken: cancellationToken);

    /// <summary>Runs <c>kcat</c>, optionally feeding it <paramref name="input"/>; returns its output (throws on failure).</summary>
    public static Task<string> RunKcatAsync(IEnumerable<string> arguments, TimeSpan timeout, string? input = null, CancellationToken cancellationToken = default) =>
        ExternalCommand.RunAsync("kcat", arguments, timeout, standardInput: input, cancellationToken: cancellationToken);
}
