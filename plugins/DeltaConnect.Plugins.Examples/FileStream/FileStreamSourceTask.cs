using System.Text;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Plugins.Examples.FileStream;

/// <summary>Reads lines of one file; the offset is the byte position after the last line returned.</summary>
public sealed class FileStreamSourceTask : SourceTask
{
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(200);

    private string _file = "";
    private string _topic = "";
    private int _batchSize;
    private long _position;
    private IReadOnlyDictionary<string, object?> _partition = new Dictionary<string, object?>();

    /// <inheritdoc />
    public override string Version => PluginVersion.Of(GetType());

    /// <inheritdoc />
    public override async Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        var parsed = new ParsedConfig(FileStreamSourceConnector.Definition, config);
        _file = parsed.GetString(FileStreamSourceConnector.FileConfig)!;
        _topic = parsed.GetList(FileStreamSourceConnector.TopicConfig)[0];
        _batchSize = parsed.GetInt(FileStreamSourceConnector.BatchSizeConfig);
        _partition = new Dictionary<string, object?> { ["filename"] = _file };
        var stored = await Context.OffsetStorageReader.OffsetAsync(_partition, cancellationToken);
        _position = stored?.GetValueOrDefault("position") is long position ? position : 0;
    }

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyList<SourceRecord>> PollAsync(CancellationToken cancellationToken)
    {
        var records = ReadLines();
        if (records.Count == 0)
        {
            await Task.Delay(IdleWait, cancellationToken);
        }

        return records;
    }

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Reads whole lines only: a line still being written (no newline yet) waits for the next poll.
    private List<SourceRecord> ReadLines()
    {
        var records = new List<SourceRecord>();
        if (!File.Exists(_file))
        {
            return records;
        }

        using var stream = new System.IO.FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (_position > stream.Length)
        {
            // The file was truncated or replaced: start over.
            _position = 0;
        }

        stream.Position = _position;
        var buffer = new byte[64 * 1024];
        var pending = new MemoryStream();
        var consumed = _position;
        int read;
        while (records.Count < _batchSize && (read = stream.Read(buffer)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read && records.Count < _batchSize; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                pending.Write(buffer, start, i - start);
                consumed += pending.Length + 1;
                var line = Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length).TrimEnd('\r');
                pending.SetLength(0);
                start = i + 1;
                records.Add(new SourceRecord(_partition, new Dictionary<string, object?> { ["position"] = consumed }, _topic, null, null, null, Schema.String, line));
            }

            if (records.Count < _batchSize)
            {
                pending.Write(buffer, start, read - start);
            }
        }

        _position = consumed;
        return records;
    }
}
