namespace DeltaConnect.Sdk;

/// <summary>
/// Another name users may give for a plugin type in configs, besides its full type name and its simple name
/// (and, for connectors, the simple name without its <c>Connector</c> suffix). First-party plugins declare their
/// Kafka Connect names this way (e.g. <c>org.apache.kafka.connect.transforms.InsertField$Value</c>), so a Kafka
/// Connect config can be moved over unchanged.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PluginAliasAttribute(string alias) : Attribute
{
    /// <summary>The alias.</summary>
    public string Alias { get; } = alias;
}
