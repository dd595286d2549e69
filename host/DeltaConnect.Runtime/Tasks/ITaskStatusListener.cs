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
}
