using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>
/// AlterConfigs (key 33, versions 0-2: every listed config is set, every other one reverts to its default) and
/// IncrementalAlterConfigs (key 44, versions 0-1: each config carries its own operation). Both decode into
/// this shape; AlterConfigs entries carry <see cref="ConfigOperation.Set"/>.
/// </summary>
public sealed record AlterConfigsRequest(bool Incremental, IReadOnlyList<AlterConfigsRequest.Resource> Resources, bool ValidateOnly)
{
    /// <summary>Reads an AlterConfigs body.</summary>
    public static AlterConfigsRequest ReadAlterConfigs(ref ProtocolReader r, short version) => Read(ref r, incremental: false);

    /// <summary>Reads an IncrementalAlterConfigs body.</summary>
    public static AlterConfigsRequest ReadIncremental(ref ProtocolReader r, short version) => Read(ref r, incremental: true);

    private static AlterConfigsRequest Read(ref ProtocolReader r, bool incremental)
    {
        var resources = r.ReadStructArray("resources", (ref ProtocolReader r) => new Resource(
            (ConfigResourceType)r.ReadInt8("resource_type"),
            r.ReadString("resource_name"),
            r.ReadStructArray("configs", (ref ProtocolReader r) =>
            {
                var name = r.ReadString("name");
                var operation = incremental ? (ConfigOperation)r.ReadInt8("config_operation") : ConfigOperation.Set;
                return new Config(name, operation, r.ReadNullableString("value"));
            })));
        var validateOnly = r.ReadBoolean("validate_only");
        r.SkipTaggedFields();
        return new AlterConfigsRequest(incremental, resources, validateOnly);
    }

    /// <summary>Changes to one resource.</summary>
    public sealed record Resource(ConfigResourceType Type, string Name, IReadOnlyList<Config> Configs);

    /// <summary>One config change.</summary>
    public sealed record Config(string Name, ConfigOperation Operation, string? Value);
}
