using DeltaConnect.Runtime.Errors;
using DeltaConnect.Runtime.Kafka;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Runtime.Transforms;

/// <summary>A connector's transforms, applied in order under the error policy.</summary>
internal sealed class TransformationChain(IReadOnlyList<TransformationStage> stages) : IDisposable
{
    public static TransformationChain Empty { get; } = new([]);

    public IReadOnlyList<TransformationStage> Stages => stages;

    /// <summary>
    /// The transformed record; (true, null) when a transform dropped it; (false, null) when a transform failed and
    /// the failure was tolerated (already reported). <paramref name="consumed"/> is the Kafka record
    /// <paramref name="record"/> came from, if any (for error reports).
    /// </summary>
    public ValueTask<(bool Succeeded, ConnectRecord? Record)> ApplyAsync(
        ConnectRecord record, KafkaRecord? consumed, RetryWithToleranceOperator errors, CancellationToken cancellationToken)
    {
        // The fast path, taken by nearly every record: each stage succeeds at the first attempt, so nothing is allocated
        // for the error policy. A stage that throws is run again under the policy (retried, tolerated or rethrown)
        // from that stage on, with the same input.
        var current = record;
        for (var i = 0; i < stages.Count; i++)
        {
            ConnectRecord? output;
            try
            {
                output = stages[i].Apply(current);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return ApplyUnderPolicyAsync(i, current, record, consumed, errors, cancellationToken);
            }

            if (output is null)
            {
                return ValueTask.FromResult<(bool, ConnectRecord?)>((true, null));
            }

            current = output;
        }

        return ValueTask.FromResult<(bool, ConnectRecord?)>((true, current));
    }

    private async ValueTask<(bool Succeeded, ConnectRecord? Record)> ApplyUnderPolicyAsync(
        int first, ConnectRecord input, ConnectRecord original, KafkaRecord? consumed, RetryWithToleranceOperator errors, CancellationToken cancellationToken)
    {
        var current = input;
        for (var i = first; i < stages.Count; i++)
        {
            var stage = stages[i];
            var stageInput = current;
            var (succeeded, output) = await errors.ExecuteAsync(
                () => stage.Apply(stageInput),
                e => new ProcessingFailure(ErrorStage.Transformation, stage.TransformationType, e, consumed, original),
                cancellationToken);
            if (!succeeded)
            {
                return (false, null);
            }

            if (output is null)
            {
                return (true, null);
            }

            current = output;
        }

        return (true, current);
    }

    public void Dispose()
    {
        foreach (var stage in stages)
        {
            stage.Dispose();
        }
    }
}
