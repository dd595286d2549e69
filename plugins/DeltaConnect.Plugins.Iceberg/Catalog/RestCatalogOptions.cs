namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>How to reach an Iceberg REST catalog.</summary>
/// <param name="Uri">Base URI of the catalog (the part before <c>/v1/</c>).</param>
/// <param name="Warehouse">Warehouse name or location sent to <c>GET /v1/config</c>, or null.</param>
/// <param name="Prefix">Path prefix used when the server's config does not override it, or null.</param>
/// <param name="Token">A bearer token, or null.</param>
/// <param name="Credential">OAuth2 client credentials <c>client_id:client_secret</c> (or a secret alone), or null.</param>
/// <param name="OAuth2ServerUri">Token endpoint; null: <c>{uri}/v1/oauth/tokens</c>.</param>
internal sealed record RestCatalogOptions(Uri Uri, string? Warehouse, string? Prefix, string? Token, string? Credential, Uri? OAuth2ServerUri)
{
    /// <summary>Secrets stay out of logs and exception messages.</summary>
    public override string ToString() => $"RestCatalogOptions {{ Uri = {Uri}, Warehouse = {Warehouse}, Prefix = {Prefix} }}";
}
