namespace DeltaConnect.Rest.Security;

/// <summary>What a credential may do.</summary>
internal enum RestRole
{
    /// <summary>GET (and HEAD) requests only.</summary>
    ReadOnly,

    /// <summary>Everything.</summary>
    Admin,
}
