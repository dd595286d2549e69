namespace DeltaConnect.Benchmarks.Brokers;

/// <summary>The outcome of trying to start the embedded broker: a running server, or why there is none.</summary>
internal sealed record EmbeddedBrokerLaunch(EmbeddedBrokerServer? Server, BrokerStatus Status, string? Reason)
{
    /// <summary>The broker runs and answers Metadata requests.</summary>
    public static EmbeddedBrokerLaunch Started(EmbeddedBrokerServer server) => new(server, BrokerStatus.Measured, null);

    /// <summary>The broker does not exist yet (expected until the <c>broker</c> verb lands).</summary>
    public static EmbeddedBrokerLaunch NotAvailable(string reason) => new(null, BrokerStatus.NotAvailable, reason);

    /// <summary>The broker exists but did not start.</summary>
    public static EmbeddedBrokerLaunch Failed(string reason) => new(null, BrokerStatus.Failed, reason);
}
