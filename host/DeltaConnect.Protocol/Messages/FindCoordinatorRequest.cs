using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>FindCoordinator request (key 10), versions 0-2. Key type 0 is a group, 1 a transactional id.</summary>
public sealed record FindCoordinatorRequest(string Key, sbyte KeyType)
{
    /// <summary>Reads the body.</summary>
    public static FindCoordinatorRequest Read(ref ProtocolReader r, short version)
    {
        var key = r.ReadString("key");
        var keyType = version >= 1 ? r.ReadInt8("key_type") : (sbyte)0;
        r.SkipTaggedFields();
        return new FindCoordinatorRequest(key, keyType);
    }
}
