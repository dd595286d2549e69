namespace DeltaConnect.Protocol.Messages;

/// <summary>Kinds of resources that have configs.</summary>
public enum ConfigResourceType : sbyte
{
    /// <summary>Unknown resource type.</summary>
    Unknown = 0,

    /// <summary>A topic.</summary>
    Topic = 2,

    /// <summary>A broker.</summary>
    Broker = 4,

    /// <summary>A broker's loggers.</summary>
    BrokerLogger = 8,
}
