namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>Another writer committed the table version this commit was based on; refresh the table and retry.</summary>
internal sealed class CommitConflictException(string message) : Exception(message);
