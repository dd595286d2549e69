using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Runtime.Errors;

/// <summary>A record failed and errors.tolerance does not allow skipping it: the task fails.</summary>
internal sealed class ToleranceExceededException(string message, Exception innerException) : ConnectException(message, innerException);
