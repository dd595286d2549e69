using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>Metadata request (key 3), versions 0-12. <see cref="Topics"/> null means all topics.</summary>
public sealed record MetadataRequest(IReadOnlyList<MetadataRequest.Topic>? Topics, bool AllowAutoTopicCreation, bool IncludeTopicAuthorizedOperations)
{
    /// <summary>Reads the body.</summary>
    public static MetadataRequest Read(ref ProtocolReader r, short version)
    {
        var topics = r.ReadNullableStructArray("topics", (ref ProtocolReader r) =>
        {
            var id = version >= 10 ? r.ReadUuid("topic_id") : Guid.Empty;
            var name = version >= 10 ? r.ReadNullableString("name") : r.ReadString("name");
            return new Topic(id, name);
        });

        // Version 0 has no null: an empty list asks for all topics.
        if (version == 0 && topics is { Length: 0 })
        {
            topics = null;
        }

        var allowAutoTopicCreation = version < 4 || r.ReadBoolean("allow_auto_topic_creation");
        if (version is >= 8 and <= 10)
        {
            r.ReadBoolean("include_cluster_authorized_operations");
        }

        var includeTopicAuthorizedOperations = version >= 8 && r.ReadBoolean("include_topic_authorized_operations");
        r.SkipTaggedFields();
        return new MetadataRequest(topics, allowAutoTopicCreation, includeTopicAuthorizedOperations);
    }

    /// <summary>A topic asked for by name (or by id, v10+).</summary>
    public sealed record Topic(Guid TopicId, string? Name);
}
