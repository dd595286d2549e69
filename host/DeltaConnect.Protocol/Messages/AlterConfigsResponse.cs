using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>AlterConfigs (key 33) and IncrementalAlterConfigs (key 44) response.</summary>
public sealed record AlterConfigsResponse(IReadOnlyList<AlterConfigsResponse.Result> Results)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        w.WriteInt32(0);
        w.WriteStructArray(Results, static (w, r) =>
        {
            w.WriteInt16((short)r.ErrorCode);
            w.WriteString(r.ErrorMessage);
            w.WriteInt8((sbyte)r.Type);
            w.WriteString(r.Name);
        });
        w.WriteEmptyTaggedFields();
    }

    /// <summary>Result for one resource.</summary>
    public sealed record Result(ErrorCode ErrorCode, string? ErrorMessage, ConfigResourceType Type, string Name);
}
