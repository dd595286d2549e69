using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>DeleteTopics request (key 20), versions 0-4.</summary>
public sealed record DeleteTopicsRequest(IReadOnlyList<string> TopicNames, int TimeoutMs)
{
    /// <summary>Reads the body.</summary>
    public static DeleteTopicsRequest Read(ref ProtocolReader r, short version)
    {
        var names = r.ReadStringArray("topic_names") ?? [];
        var timeoutMs = r.ReadInt32("timeout_ms");
        r.SkipTaggedFields();
        return new DeleteTopicsRequest(names, timeoutMs);
    }
}
