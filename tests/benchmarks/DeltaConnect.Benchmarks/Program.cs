using System.CommandLine;
using System.CommandLine.Parsing;
using DeltaConnect.Benchmarks;
using DeltaConnect.Benchmarks.Iceberg;
using DeltaConnect.Benchmarks.Postgres;
using DeltaConnect.Benchmarks.Worker;
using DeltaConnect.Testing.Servers;

// Benchmarks (see tests/benchmarks/README.md): by default broker throughput, the embedded broker against Apache Kafka
// 0.9.0.1; `worker` measures the worker's framework overhead and idle memory.
// Baselines measured in this process run under the collector settings deltaconnect gives itself (re-executes this
// process with the young-generation budget set, as the worker does; see YoungGenerationBudget).
DeltaConnect.Worker.Hosting.YoungGenerationBudget.Apply();

var repositoryRoot = TestRunDirectory.FindRepositoryRoot()
    ?? (File.Exists("DeltaConnect.sln") ? Directory.GetCurrentDirectory() : null);
if (repositoryRoot is null)
{
    Console.Error.WriteLine("Run the benchmark from a DeltaConnect checkout (no DeltaConnect.sln found above the program or here).");
    return 2;
}

var messages = new Option<int>("--messages", "-n")
{
    Description = "Messages produced and consumed per run (N).",
    DefaultValueFactory = _ => 500_000,
};
var runs = new Option<int>("--runs", "-k")
{
    Description = "Measured runs per broker (K), after one warm-up run; the report shows their median.",
    DefaultValueFactory = _ => 5,
};
var messageSize = new Option<int>("--message-size")
{
    Description = "Bytes of random payload per message.",
    DefaultValueFactory = _ => 1024,
};
var workerAssembly = new Option<string>("--worker-dll")
{
    Description = "The built deltaconnect.dll whose `broker` verb runs the embedded broker.",
    DefaultValueFactory = _ => Path.Combine(repositoryRoot, "host", "DeltaConnect.Worker", "bin", "Release", "net10.0", "deltaconnect.dll"),
};
var output = new Option<string>("--output")
{
    Description = "Where to write the JSON results.",
    DefaultValueFactory = _ => Path.Combine(repositoryRoot, "artifacts", "benchmarks", "broker-throughput.json"),
};
RequireAtLeastOne(messages, runs, messageSize);

var command = new RootCommand(
    "Measures produce and consume throughput of the DeltaConnect embedded broker and of Apache Kafka 0.9.0.1 on this " +
    "machine in the same run (Confluent.Kafka clients, acks=all), and reports the ratios.")
{
    messages, runs, messageSize, workerAssembly, output,
};
command.SetAction((parseResult, cancellationToken) =>
{
    var options = new BenchmarkOptions(
        parseResult.GetValue(messages),
        parseResult.GetValue(runs),
        parseResult.GetValue(messageSize),
        Path.GetFullPath(parseResult.GetValue(workerAssembly)!),
        Path.GetFullPath(parseResult.GetValue(output)!),
        repositoryRoot);
    return new BrokerThroughputBenchmark(options).RunAsync(cancellationToken);
});

var records = new Option<int>("--records", "-n")
{
    Description = "Records per pipeline run (N).",
    DefaultValueFactory = _ => 500_000,
};
var workerRuns = new Option<int>("--runs", "-k")
{
    Description = "Measured runs of the pipeline and of the raw client baseline, after one warm-up each.",
    DefaultValueFactory = _ => 3,
};
var idleSeconds = new Option<int>("--idle-seconds")
{
    Description = "How long the idle workers run before their memory is sampled.",
    DefaultValueFactory = _ => 15,
};
var workerOutput = new Option<string>("--output")
{
    Description = "Where to write the JSON results.",
    DefaultValueFactory = _ => Path.Combine(repositoryRoot, "artifacts", "benchmarks", "worker-pipeline.json"),
};
RequireAtLeastOne(records, workerRuns, idleSeconds);

var worker = new Command(
    "worker",
    "Measures records/s through generator source → embedded broker → file sink in a standalone worker against raw " +
    "Confluent.Kafka produce + consume of the same bytes in the same run, and the peak RSS of idle workers.")
{
    records, workerRuns, idleSeconds, workerAssembly, workerOutput,
};
worker.SetAction((parseResult, cancellationToken) => new WorkerBenchmark(new WorkerBenchmarkOptions(
    parseResult.GetValue(records),
    parseResult.GetValue(workerRuns),
    parseResult.GetValue(idleSeconds),
    Path.GetFullPath(parseResult.GetValue(workerAssembly)!),
    Path.GetFullPath(parseResult.GetValue(workerOutput)!),
    repositoryRoot)).RunAsync(cancellationToken));
command.Subcommands.Add(worker);

var changes = new Option<int>("--changes") { Description = "Inserts streamed (N).", DefaultValueFactory = _ => 200_000 };
var rows = new Option<int>("--rows") { Description = "Rows of the snapshotted table.", DefaultValueFactory = _ => 200_000 };
var postgresOutput = new Option<string>("--output")
{
    Description = "Where to write the JSON results.",
    DefaultValueFactory = _ => Path.Combine(repositoryRoot, "artifacts", "benchmarks", "postgres-source.json"),
};
var postgres = new Command(
    "postgres",
    "Measures the Postgres source: streaming changes/s into the embedded broker versus pg_recvlogical draining the same WAL, " +
    "snapshot rows/s versus COPY of the same table, and commit-to-topic latency, on a private Postgres in the same run.")
{
    changes, rows, workerAssembly, postgresOutput,
};
postgres.SetAction((parseResult, cancellationToken) => new PostgresBenchmark(new PostgresBenchmarkOptions(
    parseResult.GetValue(changes),
    parseResult.GetValue(rows),
    Path.GetFullPath(parseResult.GetValue(workerAssembly)!),
    Path.GetFullPath(parseResult.GetValue(postgresOutput)!),
    repositoryRoot)).RunAsync(cancellationToken));
command.Subcommands.Add(postgres);

var icebergRows = new Option<int>("--rows", "-n") { Description = "Rows written per run (N).", DefaultValueFactory = _ => 500_000 };
var icebergRuns = new Option<int>("--runs", "-k") { Description = "Measured runs of the sink and of plain Parquet, after one warm-up each.", DefaultValueFactory = _ => 3 };
var commitRows = new Option<int>("--commit-rows") { Description = "Rows per snapshot (and per plain Parquet file).", DefaultValueFactory = _ => 100_000 };
var steadyCommits = new Option<int>("--steady-commits") { Description = "Commits of the steady stream.", DefaultValueFactory = _ => 200 };
var steadyRows = new Option<int>("--steady-rows") { Description = "Rows per commit of the steady stream.", DefaultValueFactory = _ => 1_000 };
var icebergOutput = new Option<string>("--output")
{
    Description = "Where to write the JSON results.",
    DefaultValueFactory = _ => Path.Combine(repositoryRoot, "artifacts", "benchmarks", "iceberg-sink.json"),
};
RequireAtLeastOne(icebergRows, icebergRuns, commitRows, steadyCommits, steadyRows);

var iceberg = new Command(
    "iceberg",
    "Measures rows/s into an Iceberg table through the Iceberg sink task against plain Parquet (ParquetSharp) of the same rows in " +
    "the same run, and files and bytes per commit of a steady stream of small commits.")
{
    icebergRows, icebergRuns, commitRows, steadyCommits, steadyRows, icebergOutput,
};
iceberg.SetAction((parseResult, cancellationToken) => new IcebergSinkBenchmark(new IcebergBenchmarkOptions(
    parseResult.GetValue(icebergRows),
    parseResult.GetValue(icebergRuns),
    parseResult.GetValue(commitRows),
    parseResult.GetValue(steadyCommits),
    parseResult.GetValue(steadyRows),
    Path.GetFullPath(parseResult.GetValue(icebergOutput)!),
    repositoryRoot)).RunAsync(cancellationToken));
command.Subcommands.Add(iceberg);

// Ctrl+C or SIGTERM cancels the run; the brokers then get time to shut down before the process ends.
return await command.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(90) });

// Counts and sizes on the command line must be positive.
static void RequireAtLeastOne(params Option<int>[] options)
{
    foreach (var option in options)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{result.Option.Name} must be at least 1.");
            }
        });
    }
}
