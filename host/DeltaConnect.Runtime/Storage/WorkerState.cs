namespace DeltaConnect.Runtime.Storage;

/// <summary>The states a connector or task reports (Kafka Connect's, written upper-case in JSON).</summary>
internal enum WorkerState
{
    /// <summary>Not running anywhere yet.</summary>
    Unassigned,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Paused by the user.</summary>
    Paused,

    /// <summary>Failed; the trace says why.</summary>
    Failed,

    /// <summary>Being restarted.</summary>
    Restarting,

    /// <summary>Stopped by the user (connectors only).</summary>
    Stopped,
}
