namespace DeltaConnect.Broker.Producers;

/// <summary>Sequence and offset range of one batch an idempotent producer wrote, kept to recognise retries.</summary>
internal readonly record struct ProducerBatch(int FirstSequence, int LastSequence, long FirstOffset, long LastOffset);
