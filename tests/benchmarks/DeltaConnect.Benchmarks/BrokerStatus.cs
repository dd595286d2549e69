namespace DeltaConnect.Benchmarks;

/// <summary>What became of one broker in a benchmark run.</summary>
internal enum BrokerStatus
{
    /// <summary>Started and measured; its numbers are in the report.</summary>
    Measured,

    /// <summary>Does not exist yet (the <c>deltaconnect broker</c> verb is missing); not an error.</summary>
    NotAvailable,

    /// <summary>Exists but could not be started or measured; the run fails.</summary>
    Failed,
}
