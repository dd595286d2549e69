using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>DescribeConfigs request (key 32), versions 0-2. Null configuration keys means all of them.</summary>
public sealed record DescribeConfigsRequest(IReadOnlyList<DescribeConfigsRequest.Resource> Resources, bool IncludeSynonyms)
{
    /// <summary>Reads the body.</summary>
    public static DescribeConfigsRequest Read(ref ProtocolReader r, short version)
    {
        var resources = r.ReadStructArray("resources", static (ref ProtocolReader r) => new Resource(
            (ConfigResourceType)r.ReadInt8("resource_type"),
            r.ReadString("resource_name"),
            r.ReadStringArray("configuration_keys")));
        var includeSynonyms = version >= 1 && r.ReadBoolean("include_synonyms");
        r.SkipTaggedFields();
        return new DescribeConfigsRequest(resources, includeSynonyms);
    }

    /// <summary>A resource whose configs are asked for.</summary>
    public sealed record Resource(ConfigResourceType Type, string Name, IReadOnlyList<string>? ConfigurationKeys);
}
