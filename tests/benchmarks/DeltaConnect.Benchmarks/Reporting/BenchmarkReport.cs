using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using DeltaConnect.Benchmarks.Throughput;

namespace DeltaConnect.Benchmarks.Reporting;

/// <summary>
/// The benchmark's results: a table per broker (each run and the medians), the embedded/Kafka 0.9 ratios of
/// the median throughputs, and the same as JSON.
/// </summary>
internal sealed class BenchmarkReport(
    ThroughputSettings settings,
    int measuredRuns,
    BrokerMeasurements kafka,
    BrokerMeasurements embedded,
    string? javaVersion)
{
    /// <summary>The ratio embedded/Kafka 0.9 the embedded broker is expected to reach or beat.</summary>
    public const double TargetRatio = 1.0;

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // A local results file read by people: keep quotes and arrows readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Median produce throughput of the embedded broker over Kafka 0.9's, if both were measured.</summary>
    public double? ProduceRatio => Ratio(s => s.ProduceMegabytesPerSecond);

    /// <summary>Median consume throughput of the embedded broker over Kafka 0.9's, if both were measured.</summary>
    public double? ConsumeRatio => Ratio(s => s.ConsumeMegabytesPerSecond);

    /// <summary>Prints the tables and ratios.</summary>
    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(Invariant(
            $"Results: {settings.Messages:N0} messages x {settings.MessageBytes:N0} B per run; median of {measuredRuns} measured runs (MB = 2^20 bytes)."));
        foreach (var broker in new[] { kafka, embedded })
        {
            PrintBroker(output, broker);
        }

        output.WriteLine();
        output.WriteLine(Invariant($"Ratio {embedded.DisplayName} / {kafka.DisplayName} (target >= {TargetRatio:F2}):"));
        PrintRatio(output, "produce throughput", ProduceRatio);
        PrintRatio(output, "consume throughput", ConsumeRatio);
    }

    /// <summary>Writes the results as JSON to <paramref name="path"/> (creating its directory).</summary>
    public async Task WriteJsonAsync(string path, CancellationToken cancellationToken)
    {
        var document = new JsonObject
        {
            ["benchmark"] = "broker-throughput",
            ["timestamp_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["machine"] = new JsonObject
            {
                ["processor_count"] = Environment.ProcessorCount,
                ["os"] = RuntimeInformation.OSDescription,
                ["dotnet"] = RuntimeInformation.FrameworkDescription,
                ["java"] = javaVersion,
                ["librdkafka"] = Library.VersionString,
            },
            ["settings"] = new JsonObject
            {
                ["messages_per_run"] = settings.Messages,
                ["message_bytes"] = settings.MessageBytes,
                ["warmup_runs"] = 1,
                ["measured_runs"] = measuredRuns,
                ["partitions"] = 1,
                ["acks"] = "all",
                ["linger_ms"] = ThroughputSettings.LingerMs,
                ["batch_size"] = ThroughputSettings.BatchSizeBytes,
                ["queue_buffering_max_kbytes"] = ThroughputSettings.ProducerBufferKilobytes,
                ["compression"] = "none",
                ["megabyte_bytes"] = ThroughputSettings.BytesPerMegabyte,
            },
            ["brokers"] = new JsonArray(BrokerJson(kafka), BrokerJson(embedded)),
            ["ratios_embedded_over_kafka09"] = new JsonObject
            {
                ["target"] = TargetRatio,
                ["produce_throughput"] = Round(ProduceRatio, 3),
                ["consume_throughput"] = Round(ConsumeRatio, 3),
            },
        };

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, document.ToJsonString(Indented) + "\n", cancellationToken);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static JsonValue? Round(double? value, int digits) => value is { } v ? JsonValue.Create(Math.Round(v, digits)) : null;

    private static void PrintBroker(TextWriter output, BrokerMeasurements broker)
    {
        output.WriteLine();
        output.WriteLine(broker.Endpoint is { } endpoint ? $"{broker.DisplayName} ({endpoint.BootstrapServers})" : broker.DisplayName);
        if (broker.Status == BrokerStatus.NotAvailable)
        {
            output.WriteLine($"  not available yet: {broker.Reason}");
            return;
        }

        if (broker.Warmup is not null || broker.Runs.Count > 0)
        {
            output.WriteLine("  run      produce MB/s  produce msg/s  produce p99 ms | consume MB/s  consume msg/s");
        }

        if (broker.Warmup is { } warmup)
        {
            PrintRow(output, "warm-up", warmup.Produce.MegabytesPerSecond, warmup.Produce.MessagesPerSecond,
                warmup.Produce.LatencyP99Milliseconds, warmup.Consume.MegabytesPerSecond, warmup.Consume.MessagesPerSecond);
        }

        for (var i = 0; i < broker.Runs.Count; i++)
        {
            var run = broker.Runs[i];
            PrintRow(output, $"run {i + 1}", run.Produce.MegabytesPerSecond, run.Produce.MessagesPerSecond,
                run.Produce.LatencyP99Milliseconds, run.Consume.MegabytesPerSecond, run.Consume.MessagesPerSecond);
        }

        if (broker.Summary is { } median)
        {
            PrintRow(output, "median", median.ProduceMegabytesPerSecond, median.ProduceMessagesPerSecond,
                median.ProduceLatencyP99Milliseconds, median.ConsumeMegabytesPerSecond, median.ConsumeMessagesPerSecond);
        }

        if (broker.Status == BrokerStatus.Failed)
        {
            output.WriteLine($"  FAILED: {broker.Reason}");
        }
    }

    private static void PrintRow(
        TextWriter output, string label, double produceMegabytes, double produceMessages, double p99, double consumeMegabytes, double consumeMessages) =>
        output.WriteLine(Invariant(
            $"  {label,-8} {produceMegabytes,12:F1} {produceMessages,14:N0} {p99,15:F1} | {consumeMegabytes,12:F1} {consumeMessages,14:N0}"));

    private static void PrintRatio(TextWriter output, string name, double? ratio) =>
        output.WriteLine(ratio is { } r
            ? Invariant($"  {name,-19} {r,6:F2}  {(r >= TargetRatio ? "target met" : "BELOW TARGET")}")
            : $"  {name,-19}    n/a  (both brokers must be measured)");

    private static JsonObject BrokerJson(BrokerMeasurements broker)
    {
        var json = new JsonObject
        {
            ["key"] = broker.Key,
            ["name"] = broker.DisplayName,
            ["status"] = broker.Status switch
            {
                BrokerStatus.Measured => "measured",
                BrokerStatus.NotAvailable => "not-available",
                _ => "failed",
            },
            ["reason"] = broker.Reason,
            ["bootstrap_servers"] = broker.Endpoint?.BootstrapServers,
            ["client_overrides"] = broker.Endpoint is { } endpoint
                ? new JsonObject(endpoint.ClientOverrides.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value)))
                : null,
            ["median"] = broker.Summary is { } median
                ? new JsonObject
                {
                    ["produce_mb_per_s"] = Round(median.ProduceMegabytesPerSecond, 2),
                    ["produce_msgs_per_s"] = Round(median.ProduceMessagesPerSecond, 0),
                    ["produce_latency_p99_ms"] = Round(median.ProduceLatencyP99Milliseconds, 2),
                    ["consume_mb_per_s"] = Round(median.ConsumeMegabytesPerSecond, 2),
                    ["consume_msgs_per_s"] = Round(median.ConsumeMessagesPerSecond, 0),
                }
                : null,
            ["warmup"] = broker.Warmup is { } warmup ? RunJson(warmup) : null,
            ["runs"] = new JsonArray(broker.Runs.Select(r => (JsonNode?)RunJson(r)).ToArray()),
        };
        return json;
    }

    private static JsonObject RunJson(ThroughputRunResult run) => new()
    {
        ["topic"] = run.Topic,
        ["topic_creation"] = run.TopicCreation,
        ["produce"] = new JsonObject
        {
            ["seconds"] = Round(run.Produce.Seconds, 3),
            ["mb_per_s"] = Round(run.Produce.MegabytesPerSecond, 2),
            ["msgs_per_s"] = Round(run.Produce.MessagesPerSecond, 0),
            ["latency_p50_ms"] = Round(run.Produce.LatencyP50Milliseconds, 2),
            ["latency_p99_ms"] = Round(run.Produce.LatencyP99Milliseconds, 2),
            ["latency_max_ms"] = Round(run.Produce.LatencyMaxMilliseconds, 2),
        },
        ["consume"] = new JsonObject
        {
            ["seconds"] = Round(run.Consume.Seconds, 3),
            ["mb_per_s"] = Round(run.Consume.MegabytesPerSecond, 2),
            ["msgs_per_s"] = Round(run.Consume.MessagesPerSecond, 0),
            ["group_join_seconds"] = Round(run.Consume.GroupJoinSeconds, 3),
        },
    };

    private double? Ratio(Func<ThroughputSummary, double> figure) =>
        embedded.Summary is { } e && kafka.Summary is { } k && figure(k) > 0 ? figure(e) / figure(k) : null;
}
