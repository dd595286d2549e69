namespace DeltaConnect.Sdk.Records;

/// <summary>What a record's timestamp means.</summary>
public enum TimestampType
{
    /// <summary>No timestamp.</summary>
    NoTimestampType,

    /// <summary>Set by the producer when the record was created.</summary>
    CreateTime,

    /// <summary>Set by the broker when the record was appended to the log.</summary>
    LogAppendTime,
}
