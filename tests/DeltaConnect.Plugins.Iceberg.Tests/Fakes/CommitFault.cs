namespace DeltaConnect.Plugins.Iceberg.Tests.Fakes;

/// <summary>What the next commit request meets (faults injected by a test).</summary>
public enum CommitFault
{
    /// <summary>Answered 409 CommitFailed without applying (as if another writer had won).</summary>
    Conflict,

    /// <summary>Applied, then answered 503: the client cannot know it landed.</summary>
    AppliedThenUnavailable,

    /// <summary>Not applied, answered 500: the client cannot know it did not land.</summary>
    NotAppliedServerError,
}
