namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>A table's name in a catalog: one or more namespace levels and the table name (<c>db.orders</c>).</summary>
internal sealed record TableIdentifier(IReadOnlyList<string> Namespace, string Name)
{
    /// <summary>Splits <c>namespace.table</c> (the last part is the table, the others are namespace levels).</summary>
    public static TableIdentifier Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = name.Split('.');
        return parts.Length >= 2 && parts.All(p => p.Length > 0)
            ? new TableIdentifier(parts[..^1], parts[^1])
            : throw new ArgumentException($"'{name}' is not namespace.table.", nameof(name));
    }

    public override string ToString() => string.Join('.', [.. Namespace, Name]);
}
