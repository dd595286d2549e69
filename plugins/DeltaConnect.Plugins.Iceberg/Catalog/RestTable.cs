using System.Net;
using System.Text.Json.Nodes;
using DeltaConnect.Plugins.Iceberg.Metadata;

namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>
/// A table of a <see cref="RestCatalog"/>. A commit is one <c>POST .../tables/{table}</c> with the requirements and
/// updates between the metadata it is based on and the next (<see cref="TableChanges"/>). 409 (CommitFailed): another
/// writer changed the table; the commit is rebuilt on fresh metadata. 500/502/503/504 or no answer: the outcome is
/// unknown, so the table is reloaded and the commit counts as done when the snapshot it adds (its id is the same on every
/// attempt), or for a schema change the schema it sets, is there; only when it is not is the commit retried, so a commit
/// is never applied twice.
/// </summary>
internal sealed class RestTable : CatalogTable
{
    private readonly RestCatalog _catalog;
    private readonly TableIdentifier _name;
    private string _metadataLocation;

    public RestTable(RestCatalog catalog, TableIdentifier name, TableMetadata metadata, string metadataLocation)
        : base(metadata)
    {
        _catalog = catalog;
        _name = name;
        _metadataLocation = metadataLocation;
    }

    protected override string CurrentMetadataFile => _metadataLocation;

    public override void Refresh() =>
        (Metadata, _metadataLocation) = _catalog.Load(_name)
            ?? throw new RestCatalogException($"Table {_name} no longer exists in the REST catalog (it was dropped while the sink wrote to it).", 404);

    protected override bool TryCommit(TableMetadata next, out string reason)
    {
        HttpResponseMessage response;
        try
        {
            response = _catalog.Commit(_name, TableChanges.Requirements(Metadata, next), TableChanges.Updates(Metadata, next));
        }
        catch (RestCatalogException e) when (e.StatusCode is null)
        {
            return Landed(next, $"the commit got no answer ({e.Message})", out reason);
        }

        using (response)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    (Metadata, _metadataLocation) = _catalog.ReadLoadTableResult(response, $"commit to table {_name}");
                    reason = "";
                    return true;
                case HttpStatusCode.Conflict:
                    reason = $"the REST catalog rejected it with 409 ({RestCatalog.ErrorMessage(response)}): another writer changed table {_name}";
                    return false;
                case HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout:
                    return Landed(next, $"the commit's outcome was unknown (HTTP {(int)response.StatusCode}: {RestCatalog.ErrorMessage(response)})", out reason);
                default:
                    _catalog.EnsureSuccess(response, $"commit to table {_name}");
                    throw new RestCatalogException($"Commit to table {_name} got HTTP {(int)response.StatusCode}, which the REST catalog API does not define.", (int)response.StatusCode);
            }
        }
    }

    /// <summary>
    /// After an unknown outcome: reloads the table and reports whether <paramref name="next"/> is in it: its snapshot, or
    /// for a schema change (no new snapshot) its current schema's fields.
    /// </summary>
    private bool Landed(TableMetadata next, string unknown, out string reason)
    {
        var addsSnapshot = next.CurrentSnapshotId != Metadata.CurrentSnapshotId;
        Refresh();
        if (addsSnapshot)
        {
            var landed = Metadata.Json["snapshots"] is JsonArray snapshots
                && snapshots.Any(s => s?["snapshot-id"]?.GetValue<long>() == next.CurrentSnapshotId);
            reason = landed ? "" : $"{unknown}, and the reloaded table does not hold snapshot {next.CurrentSnapshotId}";
            return landed;
        }

        var schemaLanded = JsonNode.DeepEquals(Metadata.CurrentSchema.ToJson()["fields"], next.CurrentSchema.ToJson()["fields"]);
        reason = schemaLanded ? "" : $"{unknown}, and the reloaded table's current schema is not the one sent";
        return schemaLanded;
    }
}
