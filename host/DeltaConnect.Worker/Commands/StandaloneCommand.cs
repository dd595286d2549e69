using System.CommandLine;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Worker.Hosting;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Worker.Commands;

/// <summary>
/// <c>deltaconnect standalone</c>: one worker with the embedded broker (unless <c>bootstrap.servers</c> is set),
/// running the connectors given as files until SIGINT/SIGTERM, then stopping cleanly (sources store their offsets,
/// sinks commit theirs).
/// </summary>
internal static class StandaloneCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Worker config: .properties (Kafka Connect worker.properties), .yaml or .json." };
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory for the embedded broker's data.",
            DefaultValueFactory = _ => "deltaconnect-data",
        };
        var restListen = new Option<string?>("--rest-listen") { Description = "Address of the REST API (host:port); sets 'listeners'." };
        var brokerListen = new Option<string>("--broker-listen")
        {
            Description = "Address of the embedded broker, so kcat and other Kafka clients can read the topics.",
            DefaultValueFactory = _ => "127.0.0.1:9092",
        };
        var set = new Option<string[]>("--set") { Description = "A worker setting as key=value (repeatable); overrides the config file." };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Minimum log level.", DefaultValueFactory = _ => LogLevel.Information };
        var connectors = new Argument<string[]>("connector-files")
        {
            Description = "Connector configs: JSON bodies of Kafka Connect's POST /connectors ({\"name\":..., \"config\":{...}}), or .properties files.",
            Arity = ArgumentArity.ZeroOrMore,
        };

        var command = new Command("standalone", "Run one worker with the embedded broker and the given connectors.")
        {
            config, dataDir, restListen, brokerListen, set, logLevel, connectors,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            Dictionary<string, string> settings;
            try
            {
                settings = result.GetValue(config) is { } path ? ConfigFiles.ReadWorkerConfig(path) : [];
                foreach (var entry in result.GetValue(set) ?? [])
                {
                    var separator = entry.IndexOf('=', StringComparison.Ordinal);
                    if (separator <= 0)
                    {
                        throw new ConfigException($"--set {entry}: expected key=value, e.g. offset.flush.interval.ms=10000.");
                    }

                    settings[entry[..separator].Trim()] = entry[(separator + 1)..].Trim();
                }

                if (result.GetValue(restListen) is { } rest)
                {
                    settings["listeners"] = "http://" + rest;
                }
            }
            catch (Exception e) when (e is ConfigException or IOException)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 2;
            }

            // Levels are decided by the controller (changeable at runtime through /admin/loggers); the factory passes all.
            var levels = new Runtime.Logging.LogLevelController(result.GetValue(logLevel), new Dictionary<string, LogLevel>
            {
                ["DeltaConnect.Kafka"] = LogLevel.Warning,
                ["Microsoft.AspNetCore"] = LogLevel.Warning,
            });
            using var loggers = LoggerFactory.Create(builder => builder
                .SetMinimumLevel(LogLevel.Trace)
                .AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
                }));
            StandaloneWorkerHost host;
            try
            {
                host = await StandaloneWorkerHost.StartAsync(
                    new StandaloneOptions(settings, Path.GetFullPath(result.GetValue(dataDir)!), result.GetValue(brokerListen)!, result.GetValue(connectors) ?? []) { LogLevels = levels },
                    loggers,
                    cancellationToken);
            }
            catch (ConnectException e)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 2;
            }

            await using (host)
            {
                await result.InvocationConfiguration.Output.WriteLineAsync($"deltaconnect standalone running against {host.BootstrapServers}");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // SIGINT/SIGTERM: disposing the host stops tasks cleanly.
                }
            }

            await result.InvocationConfiguration.Output.WriteLineAsync("deltaconnect standalone stopped");
            return 0;
        });
        return command;
    }
}
