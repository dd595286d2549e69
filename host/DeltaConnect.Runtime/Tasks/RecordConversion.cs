using DeltaConnect.Runtime.Errors;
using DeltaConnect.Runtime.Kafka;
using DeltaConnect.Runtime.Transforms;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Runtime.Tasks;

/// <summary>
/// Converting records between Kafka bytes and Connect data with a task's converters, under its error policy: a step
/// that fails is retried and then tolerated (reported, record skipped) or rethrown, as the policy says.
/// </summary>
internal sealed class RecordConversion(ConverterSet converters, RetryWithToleranceOperator errors)
{
    private static readonly IReadOnlyList<KeyValuePair<string, byte[]?>> NoHeaders = [];

    /// <summary>
    /// A consumed record as a <see cref="SinkRecord"/> after <paramref name="transforms"/>; null when a step failed and
    /// the failure was tolerated, or a transform dropped the record.
    /// </summary>
    /// <remarks>
    /// Nearly every record converts at the first attempt, so that path runs without the error policy's closures and
    /// state machines; the first step that throws makes the record go through the policy (which retries, tolerates or
    /// rethrows) from the start. Converters are pure functions of their input, so running one again is harmless.
    /// </remarks>
    public ValueTask<SinkRecord?> ToSinkRecordAsync(KafkaRecord raw, TransformationChain transforms, CancellationToken cancellationToken)
    {
        SinkRecord record;
        try
        {
            var headers = ConvertHeaders(raw);
            var key = converters.Key.ToConnectData(raw.Topic, headers, raw.Key);
            var value = converters.Value.ToConnectData(raw.Topic, headers, raw.Value);
            record = new SinkRecord(raw.Topic, raw.Partition, key.Schema, key.Value, value.Schema, value.Value, raw.Offset, raw.Timestamp, raw.TimestampType, headers);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ToSinkRecordUnderPolicyAsync(raw, transforms, cancellationToken);
        }

        var transformed = transforms.ApplyAsync(record, raw, errors, cancellationToken);
        if (!transformed.IsCompletedSuccessfully)
        {
            return AwaitTransformedAsync(transformed);
        }

        var (succeeded, result) = transformed.Result;
        return ValueTask.FromResult(succeeded ? result as SinkRecord : null);
    }

    private static async ValueTask<SinkRecord?> AwaitTransformedAsync(ValueTask<(bool Succeeded, ConnectRecord? Record)> transformed)
    {
        var (succeeded, result) = await transformed;
        return succeeded ? result as SinkRecord : null;
    }

    private async ValueTask<SinkRecord?> ToSinkRecordUnderPolicyAsync(KafkaRecord raw, TransformationChain transforms, CancellationToken cancellationToken)
    {
        var (headersOk, headers) = await errors.ExecuteAsync(
            () => ConvertHeaders(raw),
            e => new ProcessingFailure(ErrorStage.HeaderConverter, converters.Header.GetType(), e, raw, null),
            cancellationToken);
        if (!headersOk)
        {
            return null;
        }

        var (keyOk, key) = await errors.ExecuteAsync(
            () => converters.Key.ToConnectData(raw.Topic, headers!, raw.Key),
            e => new ProcessingFailure(ErrorStage.KeyConverter, converters.Key.GetType(), e, raw, null),
            cancellationToken);
        if (!keyOk)
        {
            return null;
        }

        var (valueOk, value) = await errors.ExecuteAsync(
            () => converters.Value.ToConnectData(raw.Topic, headers!, raw.Value),
            e => new ProcessingFailure(ErrorStage.ValueConverter, converters.Value.GetType(), e, raw, null),
            cancellationToken);
        if (!valueOk)
        {
            return null;
        }

        var record = new SinkRecord(raw.Topic, raw.Partition, key!.Schema, key.Value, value!.Schema, value.Value, raw.Offset, raw.Timestamp, raw.TimestampType, headers);
        return await AwaitTransformedAsync(transforms.ApplyAsync(record, raw, errors, cancellationToken));
    }

    /// <summary>
    /// A record as bytes to produce; null when a converter failed and the failure was tolerated.
    /// <paramref name="consumed"/> is the input record it came from, if any (for error reports). Like
    /// <see cref="ToSinkRecordAsync"/>, the first attempt runs without the error policy's machinery.
    /// </summary>
    public ValueTask<OutgoingRecord?> ToOutgoingAsync(ConnectRecord record, KafkaRecord? consumed, CancellationToken cancellationToken)
    {
        try
        {
            var key = converters.Key.FromConnectData(record.Topic, record.Headers, record.KeySchema, record.Key);
            var value = converters.Value.FromConnectData(record.Topic, record.Headers, record.ValueSchema, record.Value);
            return ValueTask.FromResult<OutgoingRecord?>(new OutgoingRecord(record.Topic, record.KafkaPartition, key, value, record.Timestamp, ConvertHeaders(record)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ToOutgoingUnderPolicyAsync(record, consumed, cancellationToken);
        }
    }

    private async ValueTask<OutgoingRecord?> ToOutgoingUnderPolicyAsync(ConnectRecord record, KafkaRecord? consumed, CancellationToken cancellationToken)
    {
        var headers = record.Headers;
        var (keyOk, key) = await errors.ExecuteAsync(
            () => converters.Key.FromConnectData(record.Topic, headers, record.KeySchema, record.Key),
            e => new ProcessingFailure(ErrorStage.KeyConverter, converters.Key.GetType(), e, consumed, record),
            cancellationToken);
        if (!keyOk)
        {
            return null;
        }

        var (valueOk, value) = await errors.ExecuteAsync(
            () => converters.Value.FromConnectData(record.Topic, headers, record.ValueSchema, record.Value),
            e => new ProcessingFailure(ErrorStage.ValueConverter, converters.Value.GetType(), e, consumed, record, key),
            cancellationToken);
        if (!valueOk)
        {
            return null;
        }

        var (headersOk, rawHeaders) = await errors.ExecuteAsync(
            () => ConvertHeaders(record),
            e => new ProcessingFailure(ErrorStage.HeaderConverter, converters.Header.GetType(), e, consumed, record, key, value),
            cancellationToken);
        return headersOk ? new OutgoingRecord(record.Topic, record.KafkaPartition, key, value, record.Timestamp, rawHeaders!) : null;
    }

    private ConnectHeaders ConvertHeaders(KafkaRecord raw)
    {
        var headers = new ConnectHeaders();
        foreach (var (key, value) in raw.Headers)
        {
            var converted = converters.Header.ToConnectHeader(raw.Topic, key, value);
            headers.Add(key, converted.Value, converted.Schema);
        }

        return headers;
    }

    private IReadOnlyList<KeyValuePair<string, byte[]?>> ConvertHeaders(ConnectRecord record)
    {
        if (record.Headers.Count == 0)
        {
            return NoHeaders;
        }

        var headers = new List<KeyValuePair<string, byte[]?>>(record.Headers.Count);
        foreach (var header in record.Headers)
        {
            headers.Add(new(header.Key, converters.Header.FromConnectHeader(record.Topic, header.Key, header.Schema, header.Value)));
        }

        return headers;
    }
}
