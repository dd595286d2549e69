namespace DeltaConnect.Sdk.Errors;

/// <summary>
/// A temporary failure: the runtime retries the operation (with exponential backoff, up to
/// <c>errors.retry.timeout</c>) instead of failing the task. Throw it for timeouts, lost connections and
/// throttling; throw another exception for errors that retrying cannot fix.
/// </summary>
public class RetriableException : ConnectException
{
    /// <summary>Creates an exception with no message.</summary>
    public RetriableException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public RetriableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public RetriableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
