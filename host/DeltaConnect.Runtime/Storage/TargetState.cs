namespace DeltaConnect.Runtime.Storage;

/// <summary>The state a user asked a connector to be in (stored under <c>target-state-&lt;name&gt;</c>).</summary>
internal enum TargetState
{
    /// <summary>Running.</summary>
    Started,

    /// <summary>Tasks stay assigned but stop processing.</summary>
    Paused,

    /// <summary>Connector and tasks shut down (their offsets may then be changed).</summary>
    Stopped,
}
