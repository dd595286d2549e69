using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>DescribeConfigs response (key 32), versions 0-2.</summary>
public sealed record DescribeConfigsResponse(IReadOnlyList<DescribeConfigsResponse.Result> Results)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        w.WriteInt32(0);
        w.WriteStructArray(Results, (w, result) =>
        {
            w.WriteInt16((short)result.ErrorCode);
            w.WriteString(result.ErrorMessage);
            w.WriteInt8((sbyte)result.Type);
            w.WriteString(result.Name);
            w.WriteStructArray(result.Configs, (w, c) =>
            {
                w.WriteString(c.Name);
                w.WriteString(c.Value);
                w.WriteBoolean(c.ReadOnly);
                if (version == 0)
                {
                    w.WriteBoolean(c.Source == ConfigSource.DefaultConfig);
                }
                else
                {
                    w.WriteInt8((sbyte)c.Source);
                }

                w.WriteBoolean(c.IsSensitive);
                if (version >= 1)
                {
                    w.WriteStructArray(c.Synonyms, static (w, s) =>
                    {
                        w.WriteString(s.Name);
                        w.WriteString(s.Value);
                        w.WriteInt8((sbyte)s.Source);
                    });
                }
            });
        });
        w.WriteEmptyTaggedFields();
    }

    /// <summary>Configs of one resource.</summary>
    public sealed record Result(ErrorCode ErrorCode, string? ErrorMessage, ConfigResourceType Type, string Name, IReadOnlyList<Config> Configs);

    /// <summary>One config entry.</summary>
    public sealed record Config(string Name, string? Value, bool ReadOnly, ConfigSource Source, bool IsSensitive, IReadOnlyList<Synonym> Synonyms);

    /// <summary>A config that would supply the value if the one above it were removed.</summary>
    public sealed record Synonym(string Name, string? Value, ConfigSource Source);
}
