namespace DeltaConnect.Runtime.Errors;

/// <summary>Where in a task's pipeline an operation failed (reported as Kafka Connect's stage names).</summary>
internal enum ErrorStage
{
    /// <summary>A source task's poll.</summary>
    TaskPoll,

    /// <summary>A sink task's put.</summary>
    TaskPut,

    /// <summary>A transform or predicate.</summary>
    Transformation,

    /// <summary>The key converter.</summary>
    KeyConverter,

    /// <summary>The value converter.</summary>
    ValueConverter,

    /// <summary>The header converter.</summary>
    HeaderConverter,

    /// <summary>Producing to Kafka.</summary>
    KafkaProduce,

    /// <summary>Consuming from Kafka.</summary>
    KafkaConsume,
}
