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
    /// <summary>
    /// A consumed record as a <see cref="SinkRecord"/> after <paramref name="transforms"/>; null when a step failed and
    /// the failure was tolerated, or a transform dropped the record.
    /// </summary>
    public async ValueTask<SinkRecord?> ToSinkRecordAsync(KafkaRecord raw, TransformationChain transforms, CancellationToken cancellationToken)
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
        var (transformed, result) = await transforms.ApplyAsync(record, errors, (e, type) => new ProcessingFailure(ErrorStage.Transformation, type, e, raw, record), cancellationToken);
        return transformed ? result as SinkRecord : null;
    }

    /// <summary>
    /// A record as bytes to produce; null when a converter failed and the failure was tolerated.
    /// <paramref name="consumed"/> is the input record it came from, if any (for error reports).
    /// </summary>
    public async ValueTask<OutgoingRecord?> ToOutgoingAsync(ConnectRecord record, KafkaRecord? consumed, CancellationToken cancellationToken)
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

    private List<KeyValuePair<string, byte[]?>> ConvertHeaders(ConnectRecord record)
    {
        var headers = new List<KeyValuePair<string, byte[]?>>(record.Headers.Count);
        foreach (var header in record.Headers)
        {
            headers.Add(new(header.Key, converters.Header.FromConnectHeader(record.Topic, header.Key, header.Schema, header.Value)));
        }

        return headers;
    }
}
