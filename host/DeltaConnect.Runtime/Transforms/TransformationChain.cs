using DeltaConnect.Runtime.Errors;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Runtime.Transforms;

/// <summary>A connector's transforms, applied in order under the error policy.</summary>
internal sealed class TransformationChain(IReadOnlyList<TransformationStage> stages) : IDisposable
{
    public static TransformationChain Empty { get; } = new([]);

    public IReadOnlyList<TransformationStage> Stages => stages;

    /// <summary>
    /// The transformed record; (true, null) when a transform dropped it; (false, null) when a transform failed and
    /// the failure was tolerated (already reported).
    /// </summary>
    public async ValueTask<(bool Succeeded, ConnectRecord? Record)> ApplyAsync(
        ConnectRecord record, RetryWithToleranceOperator errors, Func<Exception, Type, ProcessingFailure> describe, CancellationToken cancellationToken)
    {
        var current = record;
        foreach (var stage in stages)
        {
            var input = current;
            var (succeeded, output) = await errors.ExecuteAsync(() => stage.Apply(input), e => describe(e, stage.TransformationType), cancellationToken);
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
