using DeltaConnect.Broker.Storage;
using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Broker.Groups;

/// <summary>
/// Records of the internal <c>__consumer_offsets</c> topic, in Kafka's layout: an offset commit (key version 1:
/// group, topic, partition; value version 3: offset, leader epoch, metadata, commit timestamp) or group metadata
/// (key version 2: group; value version 3: protocol type, generation, protocol, leader, state timestamp, no members).
/// A null value deletes. The topic is compacted, so its latest record per key is the coordinator's state.
/// </summary>
internal static class OffsetsTopicRecord
{
    public const string Topic = "__consumer_offsets";

    public static byte[] OffsetKey(string group, TopicPartition partition) => Write(w =>
    {
        w.WriteInt16(1);
        w.WriteString(group);
        w.WriteString(partition.Topic);
        w.WriteInt32(partition.Partition);
    });

    public static byte[] OffsetValue(CommittedOffset offset) => Write(w =>
    {
        w.WriteInt16(3);
        w.WriteInt64(offset.Offset);
        w.WriteInt32(offset.LeaderEpoch);
        w.WriteString(offset.Metadata ?? "");
        w.WriteInt64(offset.CommitTimestamp);
    });

    public static byte[] GroupKey(string group) => Write(w =>
    {
        w.WriteInt16(2);
        w.WriteString(group);
    });

    public static byte[] GroupValue(ConsumerGroup group, long now) => Write(w =>
    {
        w.WriteInt16(3);
        w.WriteString(group.ProtocolType ?? "");
        w.WriteInt32(group.Generation);
        w.WriteString(group.Protocol);
        w.WriteString(group.LeaderId);
        w.WriteInt64(now);
        w.WriteInt32(0);
    });

    /// <summary>Applies one record of the topic to the coordinator's state while loading.</summary>
    public static void Apply(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte>? value, Func<string, ConsumerGroup> group, Action<string> removeGroup)
    {
        var reader = new ProtocolReader(key);
        var version = reader.ReadInt16("key version");
        switch (version)
        {
            case 0 or 1:
            {
                var g = group(reader.ReadString("group"));
                var partition = new TopicPartition(reader.ReadString("topic"), reader.ReadInt32("partition"));
                if (value is not { } bytes)
                {
                    g.Offsets.Remove(partition);
                    return;
                }

                var v = new ProtocolReader(bytes);
                var valueVersion = v.ReadInt16("value version");
                var offset = v.ReadInt64("offset");
                var leaderEpoch = valueVersion >= 3 ? v.ReadInt32("leader epoch") : -1;
                var metadata = v.ReadString("metadata");
                var timestamp = v.ReadInt64("commit timestamp");
                g.Offsets[partition] = new CommittedOffset(offset, leaderEpoch, metadata, timestamp);
                return;
            }

            case 2:
            {
                var groupId = reader.ReadString("group");
                if (value is not { } bytes)
                {
                    removeGroup(groupId);
                    return;
                }

                var v = new ProtocolReader(bytes);
                v.ReadInt16("value version");
                v.ReadString("protocol type");
                group(groupId).Generation = v.ReadInt32("generation");
                return;
            }

            default:
                throw new ProtocolException($"{Topic} holds a record with unknown key version {version}.");
        }
    }

    private static byte[] Write(Action<ProtocolWriter> write)
    {
        using var buffer = new PooledBufferWriter(128);
        write(new ProtocolWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
