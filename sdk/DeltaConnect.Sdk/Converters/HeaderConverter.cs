using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Sdk.Converters;

/// <summary>Turns header values between the schema model and bytes (<c>header.converter</c>).</summary>
public abstract class HeaderConverter : IDisposable
{
    /// <summary>The configs this converter accepts.</summary>
    public virtual ConfigDef Config => new();

    /// <summary>The plugin version (by default the assembly's informational version).</summary>
    public virtual string Version => PluginVersion.Of(GetType());

    /// <summary>Configures the converter.</summary>
    public abstract void Configure(IReadOnlyDictionary<string, string> config);

    /// <summary>Serializes one header value.</summary>
    public abstract byte[]? FromConnectHeader(string topic, string headerKey, Schema? schema, object? value);

    /// <summary>Deserializes one header value.</summary>
    public abstract SchemaAndValue ToConnectHeader(string topic, string headerKey, byte[]? value);

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
