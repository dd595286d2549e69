using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Plugins.Examples.Generator;

/// <summary>Generates <see cref="GeneratedRecord"/>s in batches, resuming after the last stored sequence number.</summary>
public sealed class DataGeneratorSourceTask : SourceTask
{
    private string _topic = "";
    private long _maxRecords;
    private int _batchSize;
    private TimeSpan _interval;
    private int _padding;
    private long _next;
    private IReadOnlyDictionary<string, object?> _partition = new Dictionary<string, object?>();

    /// <inheritdoc />
    public override string Version => PluginVersion.Of(GetType());

    /// <inheritdoc />
    public override async Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        var parsed = new ParsedConfig(DataGeneratorSourceConnector.Definition, config);
        _topic = parsed.GetString(DataGeneratorSourceConnector.TopicConfig)!;
        _maxRecords = parsed.GetLong(DataGeneratorSourceConnector.MaxRecordsConfig);
        _batchSize = parsed.GetInt(DataGeneratorSourceConnector.BatchSizeConfig);
        _interval = TimeSpan.FromMilliseconds(parsed.GetLong(DataGeneratorSourceConnector.IntervalConfig));
        _padding = parsed.GetInt(DataGeneratorSourceConnector.PaddingConfig);
        _partition = new Dictionary<string, object?> { ["generator"] = _topic };
        var stored = await Context.OffsetStorageReader.OffsetAsync(_partition, cancellationToken);
        _next = stored?.GetValueOrDefault("seq") is long last ? last + 1 : 0;
    }

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyList<SourceRecord>> PollAsync(CancellationToken cancellationToken)
    {
        if (_maxRecords >= 0 && _next >= _maxRecords)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            return [];
        }

        if (_interval > TimeSpan.Zero)
        {
            await Task.Delay(_interval, cancellationToken);
        }

        var count = _maxRecords >= 0 ? (int)Math.Min(_batchSize, _maxRecords - _next) : _batchSize;
        var records = new List<SourceRecord>(count);
        for (var i = 0; i < count; i++, _next++)
        {
            records.Add(new SourceRecord(
                _partition,
                new Dictionary<string, object?> { ["seq"] = _next },
                _topic,
                null,
                Schema.String,
                GeneratedRecord.Key(_next),
                GeneratedRecord.ValueSchema,
                GeneratedRecord.Value(_next, _padding)));
        }

        return records;
    }

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
