using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>CreatePartitions request (key 37), versions 0-2: grow topics to <see cref="Topic.Count"/> partitions.</summary>
public sealed record CreatePartitionsRequest(IReadOnlyList<CreatePartitionsRequest.Topic> Topics, int TimeoutMs, bool ValidateOnly)
{
    /// <summary>Reads the body.</summary>
    public static CreatePartitionsRequest Read(ref ProtocolReader r, short version)
    {
        var topics = r.ReadStructArray("topics", static (ref ProtocolReader r) =>
        {
            var name = r.ReadString("name");
            var count = r.ReadInt32("count");
            r.ReadNullableStructArray("assignments", static (ref ProtocolReader r) => r.ReadInt32Array("broker_ids") ?? []);
            return new Topic(name, count);
        });
        var timeoutMs = r.ReadInt32("timeout_ms");
        var validateOnly = r.ReadBoolean("validate_only");
        r.SkipTaggedFields();
        return new CreatePartitionsRequest(topics, timeoutMs, validateOnly);
    }

    /// <summary>A topic and its new total partition count.</summary>
    public sealed record Topic(string Name, int Count);
}
