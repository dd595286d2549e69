using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Sdk.Transforms;

/// <summary>
/// A single message transform (SMT): changes one record at a time, between a task and Kafka (sources) or Kafka and
/// a task (sinks). Configured under <c>transforms.&lt;alias&gt;.*</c>; may be applied only to records matching a
/// predicate (<c>transforms.&lt;alias&gt;.predicate</c>, <c>.negate</c>). Transforms must be fast and stateless.
/// </summary>
public abstract class Transformation : IDisposable
{
    /// <summary>The configs this transform accepts.</summary>
    public abstract ConfigDef Config { get; }

    /// <summary>The plugin version (by default the assembly's informational version).</summary>
    public virtual string Version => PluginVersion.Of(GetType());

    /// <summary>Configures the transform (called once, before <see cref="Apply"/>).</summary>
    public abstract void Configure(IReadOnlyDictionary<string, string> config);

    /// <summary>
    /// The transformed record (usually built with <see cref="ConnectRecord.NewRecord(string, int?, Data.Schema?, object?, Data.Schema?, object?, long?, ConnectHeaders?)"/>),
    /// or null to drop it. Throw <see cref="Errors.DataException"/> for records that cannot be transformed.
    /// </summary>
    public abstract ConnectRecord? Apply(ConnectRecord record);

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
