using DeltaConnect.Runtime.Storage;

namespace DeltaConnect.Runtime.Tasks;

/// <summary>Hears about a task's lifecycle (the worker turns these into statuses and restarts).</summary>
internal interface ITaskStatusListener
{
    void OnStartup(ConnectorTaskId task);

    void OnPause(ConnectorTaskId task);

    void OnResume(ConnectorTaskId task);

    void OnFailure(ConnectorTaskId task, Exception error);

    void OnShutdown(ConnectorTaskId task);

    /// <summary>Changes whenever active topics are reset, so tasks report the topics they use again.</summary>
    int ActiveTopicsVersion { get; }

    /// <summary>The task produced to or consumed from <paramref name="topic"/> (reported once per topic and version).</summary>
    void OnTopicUsed(ConnectorTaskId task, string topic);
}
