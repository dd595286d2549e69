namespace DeltaConnect.Runtime.Kafka;

/// <summary>Produces records asynchronously; each delivery is reported through a callback.</summary>
internal interface IRecordProducer : IDisposable
{
    /// <summary>
    /// Queues a record; <paramref name="onDelivery"/> runs (on a client thread) when Kafka acknowledged it or it
    /// failed for good. Blocks briefly when the client's queue is full (back-pressure).
    /// </summary>
    void Produce(OutgoingRecord record, Action<Delivery> onDelivery);

    /// <summary>Waits until every queued record was delivered or failed.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
