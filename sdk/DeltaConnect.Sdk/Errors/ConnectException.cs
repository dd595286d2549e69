namespace DeltaConnect.Sdk.Errors;

/// <summary>The base of errors raised by connectors, tasks, transforms and converters.</summary>
public class ConnectException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public ConnectException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public ConnectException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public ConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
