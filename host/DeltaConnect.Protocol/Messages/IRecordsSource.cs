namespace DeltaConnect.Protocol.Messages;

/// <summary>
/// Record batches to send in a fetch response, copied straight from where they are stored (log segment files)
/// into the response buffer, with no intermediate copy.
/// </summary>
public interface IRecordsSource
{
    /// <summary>Total number of bytes.</summary>
    int Length { get; }

    /// <summary>Copies exactly <see cref="Length"/> bytes into <paramref name="destination"/>.</summary>
    void CopyTo(Span<byte> destination);
}
