namespace DeltaConnect.Sdk.Source;

/// <summary>
/// Implemented by a <see cref="SourceTask"/> that accepts signals from outside the source — Debezium-style requests
/// such as <c>execute-snapshot</c> — sent through the worker (<c>POST /connectors/{name}/signals</c>). A CDC task
/// typically turns the signal into a row in its signal table, so the request travels through the change log in order
/// with the changes and is durable.
/// </summary>
public interface ISignalReceiver
{
    /// <summary>The signal types the task accepts, e.g. <c>execute-snapshot</c>.</summary>
    IReadOnlyCollection<string> SignalTypes { get; }

    /// <summary>Accepts one signal. Returns once it is durably queued (not when it has been carried out).</summary>
    /// <param name="type">One of <see cref="SignalTypes"/>.</param>
    /// <param name="data">The signal's data as JSON text (Debezium's format for the type), or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="Errors.DataException">When the data is not valid for the type; the message names the problem.</exception>
    Task SignalAsync(string type, string? data, CancellationToken cancellationToken);
}
