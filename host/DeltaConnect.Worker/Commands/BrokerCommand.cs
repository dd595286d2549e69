using System.CommandLine;
using System.Globalization;
using System.Net;
using DeltaConnect.Broker;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Worker.Commands;

/// <summary><c>deltaconnect broker</c>: runs the embedded Kafka-compatible broker until SIGINT/SIGTERM.</summary>
internal static class BrokerCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen")
        {
            Description = "Address and port to listen on (host:port). Port 0 picks a free port.",
            DefaultValueFactory = _ => "127.0.0.1:9092",
        };
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory for topics, logs and committed offsets (created if missing).",
            Required = true,
        };
        var advertisedHost = new Option<string?>("--advertised-host")
        {
            Description = "Host name returned to clients in metadata (default: the listen host).",
        };
        var nodeId = new Option<int>("--node-id") { Description = "The broker's node id.", DefaultValueFactory = _ => 1 };
        var partitions = new Option<int>("--num-partitions")
        {
            Description = "Partitions of auto-created topics and of topics created with -1 partitions.",
            DefaultValueFactory = _ => 1,
        };
        var autoCreate = new Option<bool>("--auto-create-topics")
        {
            Description = "Create topics when clients ask for their metadata.",
            DefaultValueFactory = _ => true,
        };
        var topicDefaults = new Option<string[]>("--topic-default")
        {
            Description = "Broker-wide default of a topic config, as name=value (repeatable), e.g. --topic-default retention.ms=3600000.",
            AllowMultipleArgumentsPerToken = false,
        };
        var maintenance = new Option<int>("--maintenance-interval-ms")
        {
            Description = "How often retention, segment rolling by age and compaction run.",
            DefaultValueFactory = _ => 5000,
        };
        var rebalanceDelay = new Option<int>("--group-initial-rebalance-delay-ms")
        {
            Description = "Delay of the first rebalance of an empty group.",
            DefaultValueFactory = _ => 0,
        };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Minimum log level.", DefaultValueFactory = _ => LogLevel.Information };

        var command = new Command("broker", "Run the embedded single-node Kafka-compatible broker (for laptops and tests; production uses Kafka).")
        {
            listen, dataDir, advertisedHost, nodeId, partitions, autoCreate, topicDefaults, maintenance, rebalanceDelay, logLevel,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!TryParseEndpoint(result.GetValue(listen)!, out var endpoint, out var endpointError))
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(endpointError);
                return 2;
            }

            var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in result.GetValue(topicDefaults) ?? [])
            {
                var separator = entry.IndexOf('=', StringComparison.Ordinal);
                if (separator <= 0)
                {
                    await result.InvocationConfiguration.Error.WriteLineAsync($"--topic-default {entry}: expected name=value, e.g. retention.ms=3600000.");
                    return 2;
                }

                defaults[entry[..separator].Trim()] = entry[(separator + 1)..].Trim();
            }

            var options = new BrokerOptions
            {
                DataDirectory = Path.GetFullPath(result.GetValue(dataDir)!),
                ListenHost = endpoint.Address.ToString(),
                ListenPort = endpoint.Port,
                AdvertisedHost = result.GetValue(advertisedHost),
                NodeId = result.GetValue(nodeId),
                DefaultPartitions = result.GetValue(partitions),
                AutoCreateTopics = result.GetValue(autoCreate),
                TopicConfigDefaults = defaults,
                MaintenanceInterval = TimeSpan.FromMilliseconds(result.GetValue(maintenance)),
                GroupInitialRebalanceDelayMs = result.GetValue(rebalanceDelay),
            };
            if (BrokerOptionsValidation.Validate(options) is { } optionsError)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(optionsError);
                return 2;
            }

            using var loggerFactory = LoggerFactory.Create(builder => builder
                .SetMinimumLevel(result.GetValue(logLevel))
                .AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
                }));
            await using var broker = await EmbeddedBroker.StartAsync(options, loggerFactory);
            await result.InvocationConfiguration.Output.WriteLineAsync($"deltaconnect broker ready on {broker.BootstrapServers}");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // SIGINT/SIGTERM: dispose stops the broker cleanly.
            }

            return 0;
        });
        return command;
    }

    internal static bool TryParseEndpoint(string value, out IPEndPoint endpoint, out string error)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        error = "";
        var colon = value.LastIndexOf(':');
        if (colon <= 0 ||
            !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535 ||
            !IPAddress.TryParse(value[..colon].Trim('[', ']'), out var address))
        {
            error = $"--listen {value}: expected an IP address and port such as 127.0.0.1:9092.";
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }
}
