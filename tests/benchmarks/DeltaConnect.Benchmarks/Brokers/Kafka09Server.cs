using System.Globalization;
using System.Net.Sockets;
using System.Text;
using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Benchmarks.Brokers;

/// <summary>
/// A single-node Apache Kafka 0.9.0.1 with its own ZooKeeper, both run by Java directly (not through the
/// distribution's shell scripts) on free loopback ports, with data and logs in private directories.
/// Disposing stops Kafka, then ZooKeeper, keeps their logs and removes their directories.
/// </summary>
internal sealed class Kafka09Server : IBenchmarkBroker
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// JVM options: the heap the brief asks for and the garbage-collector settings Kafka's own
    /// <c>kafka-run-class.sh</c> uses. Java 17 runs Kafka 0.9 and ZooKeeper 3.4.6 without any
    /// <c>--add-opens</c>: nothing they do at run time touches the JDK internals Java 17 closed.
    /// </summary>
    private static readonly string[] JvmOptions =
    [
        "-Xmx1G",
        "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20",
        "-XX:InitiatingHeapOccupancyPercent=35",
        "-XX:+DisableExplicitGC",
        "-Djava.awt.headless=true",
    ];

    private readonly ServerDirectories _directories;
    private readonly string _zooKeeperDirectory;
    private readonly string _kafkaDirectory;
    private LoggedProcess? _zooKeeper;
    private LoggedProcess? _kafka;
    private int _disposed;

    private Kafka09Server(ServerDirectories directories, string zooKeeperDirectory, string kafkaDirectory)
    {
        _directories = directories;
        _zooKeeperDirectory = zooKeeperDirectory;
        _kafkaDirectory = kafkaDirectory;
    }

    /// <summary>
    /// Client settings Kafka 0.9 needs: it does not answer ApiVersions (added in 0.10), so librdkafka must be
    /// told the broker version instead of asking. (Idempotence, which 0.9 lacks, is off in every client the
    /// benchmark builds.)
    /// </summary>
    public static IReadOnlyDictionary<string, string> ClientOverrides { get; } = new Dictionary<string, string>
    {
        ["api.version.request"] = "false",
        ["broker.version.fallback"] = Kafka09Distribution.KafkaVersion,
    };

    /// <inheritdoc />
    public BrokerEndpoint Endpoint { get; private set; } = null!;

    /// <summary>The ZooKeeper client port.</summary>
    public int ZooKeeperPort { get; private set; }

    /// <summary>The Kafka listener port.</summary>
    public int KafkaPort { get; private set; }

    /// <summary>Starts ZooKeeper, then Kafka; returns once Kafka answers a Metadata request.</summary>
    public static async Task<Kafka09Server> StartAsync(
        Kafka09Distribution distribution, JavaRuntime java, ServerDirectories directories, CancellationToken cancellationToken)
    {
        var server = new Kafka09Server(directories, ServerDirectories.Create("zookeeper"), ServerDirectories.Create("kafka09"));
        try
        {
            await server.StartZooKeeperAsync(distribution, java, cancellationToken);
            await server.StartKafkaAsync(distribution, java, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops Kafka (SIGTERM: controlled shutdown), then ZooKeeper; keeps the logs, removes the data.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Kafka first: its clean shutdown talks to ZooKeeper.
        await StopAsync(_kafka, TimeSpan.FromSeconds(30));
        await StopAsync(_zooKeeper, TimeSpan.FromSeconds(10));
        _directories.Remove(_kafkaDirectory);
        _directories.Remove(_zooKeeperDirectory);
    }

    private static async Task StopAsync(LoggedProcess? process, TimeSpan gracePeriod)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            await process.StopAsync(gracePeriod);
        }
        finally
        {
            process.Dispose();
        }
    }

    private static string[] JavaArguments(Kafka09Distribution distribution, string log4jProperties, string mainClass, string properties) =>
    [
        .. JvmOptions,
        $"-Dlog4j.configuration=file:{log4jProperties}",
        "-cp", distribution.ClassPath,
        mainClass, properties,
    ];

    private static string WriteLog4jProperties(string directory)
    {
        // Everything at INFO to standard output, which LoggedProcess appends to the server's log file.
        var path = Path.Combine(directory, "log4j.properties");
        File.WriteAllText(path, """
            log4j.rootLogger=INFO, stdout
            log4j.appender.stdout=org.apache.log4j.ConsoleAppender
            log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
            log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n

            """);
        return path;
    }

    private static string WriteProperties(string path, IEnumerable<(string Key, string Value)> properties)
    {
        var text = new StringBuilder("# Written by the DeltaConnect broker benchmark for one run.\n");
        foreach (var (key, value) in properties)
        {
            text.Append(CultureInfo.InvariantCulture, $"{key}={value}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static bool LostPortRace(LoggedProcess process) =>
        process.LogTail(200).Contains("Address already in use", StringComparison.Ordinal);

    private static async Task<bool> ZooKeeperAnswersAsync(int port, CancellationToken cancellationToken)
    {
        // ZooKeeper 3.4's four-letter command: "ruok" is answered "imok" once the server is serving.
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("ruok"u8.ToArray(), timeout.Token);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            return await reader.ReadToEndAsync(timeout.Token) == "imok";
        }
        catch (Exception e) when (e is SocketException or IOException ||
                                  (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private async Task StartZooKeeperAsync(Kafka09Distribution distribution, JavaRuntime java, CancellationToken cancellationToken)
    {
        var log4j = WriteLog4jProperties(_zooKeeperDirectory);
        var dataDirectory = Directory.CreateDirectory(Path.Combine(_zooKeeperDirectory, "data")).FullName;
        for (var attempt = 1; ; attempt++)
        {
            ZooKeeperPort = FreePort.Next();
            var properties = WriteProperties(Path.Combine(_zooKeeperDirectory, "zookeeper.properties"),
            [
                ("dataDir", dataDirectory),
                ("clientPort", ZooKeeperPort.ToString(CultureInfo.InvariantCulture)),
                ("clientPortAddress", "127.0.0.1"),
                ("maxClientCnxns", "0"),
            ]);
            _zooKeeper = LoggedProcess.Start(
                java.Executable,
                JavaArguments(distribution, log4j, "org.apache.zookeeper.server.quorum.QuorumPeerMain", properties),
                _zooKeeperDirectory,
                Path.Combine(_zooKeeperDirectory, "zookeeper.log"));

            var elapsed = System.Diagnostics.Stopwatch.StartNew();
            while (!_zooKeeper.HasExited && !await ZooKeeperAnswersAsync(ZooKeeperPort, cancellationToken))
            {
                if (elapsed.Elapsed > ReadyTimeout)
                {
                    throw new TimeoutException(
                        $"ZooKeeper did not answer on 127.0.0.1:{ZooKeeperPort} within {ReadyTimeout.TotalSeconds:0} s. Log tail:\n{_zooKeeper.LogTail()}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }

            if (!_zooKeeper.HasExited)
            {
                return;
            }

            await _zooKeeper.WaitForExitAsync(cancellationToken);
            if (attempt == StartAttempts || !LostPortRace(_zooKeeper))
            {
                throw new InvalidOperationException(
                    $"ZooKeeper exited with code {_zooKeeper.ExitCode} before serving. Log tail:\n{_zooKeeper.LogTail()}");
            }

            _zooKeeper.Dispose();
            _zooKeeper = null;
        }
    }

    private async Task StartKafkaAsync(Kafka09Distribution distribution, JavaRuntime java, CancellationToken cancellationToken)
    {
        var log4j = WriteLog4jProperties(_kafkaDirectory);
        var dataDirectory = Directory.CreateDirectory(Path.Combine(_kafkaDirectory, "data")).FullName;
        for (var attempt = 1; ; attempt++)
        {
            KafkaPort = FreePort.Next();
            var listener = $"PLAINTEXT://127.0.0.1:{KafkaPort}";
            // The distribution's sample config/server.properties with private ports and directories. The log is
            // never flushed by message count (log.flush.interval.messages keeps its default): the OS page cache
            // decides, as in any Kafka deployment relying on replication for durability.
            var properties = WriteProperties(Path.Combine(_kafkaDirectory, "server.properties"),
            [
                ("broker.id", "0"),
                ("listeners", listener),
                ("advertised.listeners", listener),
                ("num.network.threads", "3"),
                ("num.io.threads", "8"),
                ("socket.send.buffer.bytes", "102400"),
                ("socket.receive.buffer.bytes", "102400"),
                ("socket.request.max.bytes", "104857600"),
                ("log.dirs", dataDirectory),
                ("num.partitions", "1"),
                ("default.replication.factor", "1"),
                ("auto.create.topics.enable", "true"),
                ("num.recovery.threads.per.data.dir", "1"),
                ("log.retention.hours", "168"),
                ("log.segment.bytes", "1073741824"),
                ("log.retention.check.interval.ms", "300000"),
                // One broker: the consumer-offsets topic cannot have more replicas than that.
                ("offsets.topic.replication.factor", "1"),
                // librdkafka 2.x asks for a 45 s session timeout; 0.9 allows at most 30 s by default and rejects the
                // JoinGroup. 300 s is the default of later Kafka versions (0.11 to 2.2); raising the broker's limit
                // keeps the consumer settings identical for every broker.
                ("group.max.session.timeout.ms", "300000"),
                ("zookeeper.connect", $"127.0.0.1:{ZooKeeperPort}"),
                ("zookeeper.connection.timeout.ms", "6000"),
            ]);
            _kafka = LoggedProcess.Start(
                java.Executable,
                JavaArguments(distribution, log4j, "kafka.Kafka", properties),
                _kafkaDirectory,
                Path.Combine(_kafkaDirectory, "kafka.log"));
            Endpoint = new BrokerEndpoint(
                $"kafka-{Kafka09Distribution.KafkaVersion}",
                $"Kafka {Kafka09Distribution.KafkaVersion}",
                $"127.0.0.1:{KafkaPort}",
                ClientOverrides,
                HasCreateTopicsApi: false);

            bool ready;
            try
            {
                ready = await MetadataProbe.WaitUntilReadyAsync(Endpoint, KafkaPort, _kafka, ReadyTimeout, cancellationToken);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message} Log tail:\n{_kafka.LogTail()}", e);
            }

            if (ready)
            {
                return;
            }

            await _kafka.WaitForExitAsync(cancellationToken);
            if (attempt == StartAttempts || !LostPortRace(_kafka))
            {
                throw new InvalidOperationException(
                    $"Kafka exited with code {_kafka.ExitCode} before answering a Metadata request. Log tail:\n{_kafka.LogTail()}");
            }

            _kafka.Dispose();
            _kafka = null;
        }
    }
}
