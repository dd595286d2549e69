namespace DeltaConnect.Protocol.Primitives;

/// <summary>
/// Bytes on the wire do not form a valid Kafka message: truncated, out of range, or inconsistent. The message
/// names the field and the byte offset where decoding stopped.
/// </summary>
public sealed class ProtocolException : Exception
{
    /// <summary>Creates an exception with the given message.</summary>
    public ProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    public ProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public ProtocolException()
    {
    }
}
