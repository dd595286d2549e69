using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Sdk.Processors;

/// <summary>Where a processor task sends its results; they are produced to Kafka and committed with the input offsets.</summary>
public interface IProcessorOutput
{
    /// <summary>Emits a record to <see cref="ConnectRecord.Topic"/> (the record's key and value are converted by the task's converters).</summary>
    void Emit(ConnectRecord record);
}
