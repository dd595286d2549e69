namespace DeltaConnect.Benchmarks;

/// <summary>The benchmark's command-line settings.</summary>
/// <param name="Messages">Messages per run (N).</param>
/// <param name="Runs">Measured runs per broker (K), after one warm-up run.</param>
/// <param name="MessageBytes">Size of each message's value.</param>
/// <param name="WorkerAssembly">The built <c>deltaconnect.dll</c> that provides <c>deltaconnect broker</c>.</param>
/// <param name="OutputPath">Where the JSON results are written.</param>
/// <param name="RepositoryRoot">The checkout (holds <c>.tools/</c> and <c>artifacts/</c>).</param>
internal sealed record BenchmarkOptions(
    int Messages,
    int Runs,
    int MessageBytes,
    string WorkerAssembly,
    string OutputPath,
    string RepositoryRoot);
