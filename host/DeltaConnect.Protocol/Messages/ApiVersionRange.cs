namespace DeltaConnect.Protocol.Messages;

/// <summary>The versions of one API that are implemented, and the first version using the flexible encoding.</summary>
public sealed record ApiVersionRange(ApiKey Key, short MinVersion, short MaxVersion, short FirstFlexibleVersion);
