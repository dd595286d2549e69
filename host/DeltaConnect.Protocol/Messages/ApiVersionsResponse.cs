using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>ApiVersions response (key 18), versions 0-3.</summary>
public sealed record ApiVersionsResponse(ErrorCode ErrorCode, IReadOnlyList<ApiVersionRange> ApiKeys)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        w.WriteInt16((short)ErrorCode);
        w.WriteStructArray(ApiKeys, static (w, a) =>
        {
            w.WriteInt16((short)a.Key);
            w.WriteInt16(a.MinVersion);
            w.WriteInt16(a.MaxVersion);
        });
        if (version >= 1)
        {
            w.WriteInt32(0);
        }

        w.WriteEmptyTaggedFields();
    }
}
