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
    private byte[] _buffer = new byte[64 * 1024];
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

        // Unbuffered: the reads below are large already.
        using var stream = new System.IO.FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        if (_position > stream.Length)
        {
            // The file was truncated or replaced: start over.
            _position = 0;
        }

        stream.Position = _position;
        var filled = 0;
        while (records.Count < _batchSize)
        {
            if (filled == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2); // a line longer than the buffer
            }

            var read = stream.Read(_buffer, filled, _buffer.Length - filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
            var start = 0;
            while (records.Count < _batchSize)
            {
                var newline = _buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                var line = _buffer.AsSpan(start, newline).TrimEnd((byte)'\r');
                start += newline + 1;
                _position += newline + 1;
                records.Add(new SourceRecord(_partition, new Dictionary<string, object?> { ["position"] = _position }, _topic, null, null, null, Schema.String, Encoding.UTF8.GetString(line)));
            }

            // Keep the start of an incomplete line for the next read.
            _buffer.AsSpan(start, filled - start).CopyTo(_buffer);
            filled -= start;
        }

        return records;
    }
}
