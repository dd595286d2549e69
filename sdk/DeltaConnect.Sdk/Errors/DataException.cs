namespace DeltaConnect.Sdk.Errors;

/// <summary>
/// A record's data does not fit its schema or cannot be converted. Such a record is handled by the error policy
/// (<c>errors.tolerance</c>): the task fails, or the record goes to the dead-letter topic and is counted.
/// </summary>
public class DataException : ConnectException
{
    /// <summary>Creates an exception with no message.</summary>
    public DataException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public DataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public DataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
