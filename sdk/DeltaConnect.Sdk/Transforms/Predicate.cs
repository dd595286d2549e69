using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Sdk.Transforms;

/// <summary>
/// A condition on records that decides whether a transform applies (Kafka Connect's predicates, KIP-585). Configured
/// under <c>predicates.&lt;alias&gt;.*</c> and referenced from a transform's <c>predicate</c> setting.
/// </summary>
public abstract class Predicate : IDisposable
{
    /// <summary>The configs this predicate accepts.</summary>
    public abstract ConfigDef Config { get; }

    /// <summary>The plugin version (by default the assembly's informational version).</summary>
    public virtual string Version => PluginVersion.Of(GetType());

    /// <summary>Configures the predicate.</summary>
    public abstract void Configure(IReadOnlyDictionary<string, string> config);

    /// <summary>True when the record matches.</summary>
    public abstract bool Test(ConnectRecord record);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
