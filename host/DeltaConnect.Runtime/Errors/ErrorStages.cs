namespace DeltaConnect.Runtime.Errors;

/// <summary>Kafka Connect's names of the stages (as in the __connect.errors.stage header).</summary>
internal static class ErrorStages
{
    public static string KafkaName(this ErrorStage stage) => stage switch
    {
        ErrorStage.TaskPoll => "TASK_POLL",
        ErrorStage.TaskPut => "TASK_PUT",
        ErrorStage.Transformation => "TRANSFORMATION",
        ErrorStage.KeyConverter => "KEY_CONVERTER",
        ErrorStage.ValueConverter => "VALUE_CONVERTER",
        ErrorStage.HeaderConverter => "HEADER_CONVERTER",
        ErrorStage.KafkaProduce => "KAFKA_PRODUCE",
        ErrorStage.KafkaConsume => "KAFKA_CONSUME",
        _ => stage.ToString(),
    };
}
