using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Sdk.Converters;

/// <summary>
/// Turns keys or values between the schema model and bytes in Kafka (<c>key.converter</c>, <c>value.converter</c>):
/// JSON, Avro, strings, raw bytes. Configured with the <c>key.converter.*</c> / <c>value.converter.*</c> settings.
/// </summary>
public abstract class Converter : IDisposable
{
    /// <summary>The configs this converter accepts.</summary>
    public virtual ConfigDef Config => new();

    /// <summary>The plugin version (by default the assembly's informational version).</summary>
    public virtual string Version => PluginVersion.Of(GetType());

    /// <summary>Configures the converter for keys (<paramref name="isKey"/>) or values.</summary>
    public abstract void Configure(IReadOnlyDictionary<string, string> config, bool isKey);

    /// <summary>Serializes a value of <paramref name="schema"/> for <paramref name="topic"/>; null for a null value (tombstone).</summary>
    public abstract byte[]? FromConnectData(string topic, ConnectHeaders headers, Schema? schema, object? value);

    /// <summary>Deserializes bytes read from <paramref name="topic"/> (null for a tombstone).</summary>
    /// <exception cref="Errors.DataException">When the bytes are not in this converter's format.</exception>
    public abstract SchemaAndValue ToConnectData(string topic, ConnectHeaders headers, byte[]? value);

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
