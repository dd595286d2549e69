using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>ApiVersions request (key 18), versions 0-3.</summary>
public sealed record ApiVersionsRequest(string? ClientSoftwareName, string? ClientSoftwareVersion)
{
    /// <summary>Reads the body.</summary>
    public static ApiVersionsRequest Read(ref ProtocolReader r, short version)
    {
        if (version < 3)
        {
            return new ApiVersionsRequest(null, null);
        }

        var request = new ApiVersionsRequest(r.ReadString("client_software_name"), r.ReadString("client_software_version"));
        r.SkipTaggedFields();
        return request;
    }
}
