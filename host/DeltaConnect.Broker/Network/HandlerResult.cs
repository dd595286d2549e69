using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Broker.Network;

/// <summary>Writes a response body for a request version.</summary>
internal delegate void ResponseBodyWriter(ProtocolWriter writer, short version);

/// <summary>
/// What a request handler produced: the response body (null when the client expects no response, as for
/// acks=0 produce) and resources to release once the response is written (segment slices of a fetch).
/// </summary>
internal readonly record struct HandlerResult(ResponseBodyWriter? Body, IReadOnlyList<IDisposable>? Resources = null)
{
    public static HandlerResult NoResponse { get; } = new(null);

    public static implicit operator HandlerResult(ResponseBodyWriter body) => new(body);
}
