using System.Text;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Sink;

namespace DeltaConnect.Plugins.Examples.FileStream;

/// <summary>Appends record values to a file; <see cref="FlushAsync"/> makes them durable.</summary>
public sealed class FileStreamSinkTask : SinkTask, IDisposable
{
    private System.IO.FileStream? _output;
    private StreamWriter? _writer;

    /// <inheritdoc />
    public override string Version => PluginVersion.Of(GetType());

    /// <inheritdoc />
    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        var parsed = new ParsedConfig(FileStreamSinkConnector.Definition, config);
        var path = parsed.GetString(FileStreamSinkConnector.FileConfig)!;
        _output = new System.IO.FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
        _writer = new StreamWriter(_output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 32 * 1024) { AutoFlush = false, NewLine = "\n" };
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask PutAsync(IReadOnlyList<SinkRecord> records, CancellationToken cancellationToken)
    {
        // Buffered writes to a local file: synchronous, so a line costs no task machinery.
        foreach (var record in records)
        {
            _writer!.WriteLine(Format(record.Value));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task FlushAsync(IReadOnlyDictionary<TopicPartition, long> currentOffsets, CancellationToken cancellationToken)
    {
        await _writer!.FlushAsync(cancellationToken);
        _output!.Flush(flushToDisk: true);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync(cancellationToken);
            await _writer.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer?.Dispose();
        _output?.Dispose();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        byte[] bytes => Convert.ToBase64String(bytes),
        _ => value.ToString() ?? "",
    };
}
