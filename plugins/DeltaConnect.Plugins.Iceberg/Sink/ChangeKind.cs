namespace DeltaConnect.Plugins.Iceberg.Sink;

/// <summary>What a record does to its table.</summary>
internal enum ChangeKind
{
    /// <summary>Add the row (plain records without id columns).</summary>
    Append,

    /// <summary>Replace the row with the same id, or add it.</summary>
    Upsert,

    /// <summary>Remove the row with the same id.</summary>
    Delete,
}
