using DeltaConnect.Runtime.Kafka;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Runtime.Errors;

/// <summary>
/// A record that failed: the stage and class that failed, the error, and the record as far as it got — the consumed
/// Kafka record for sinks, the source record (and its converted bytes, when conversion got that far) for sources.
/// </summary>
internal sealed record ProcessingFailure(
    ErrorStage Stage,
    Type ExecutingClass,
    Exception Error,
    KafkaRecord? Consumed,
    ConnectRecord? Record,
    byte[]? ConvertedKey = null,
    byte[]? ConvertedValue = null);
