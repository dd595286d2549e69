namespace DeltaConnect.Protocol.Messages;

/// <summary>Where a config value comes from (DescribeConfigs v1+).</summary>
public enum ConfigSource : sbyte
{
    /// <summary>Unknown.</summary>
    Unknown = 0,

    /// <summary>Set on the topic.</summary>
    TopicConfig = 1,

    /// <summary>Dynamic config for one broker.</summary>
    DynamicBrokerConfig = 2,

    /// <summary>Dynamic default for all brokers.</summary>
    DynamicDefaultBrokerConfig = 3,

    /// <summary>Set in the broker's static configuration.</summary>
    StaticBrokerConfig = 4,

    /// <summary>The built-in default.</summary>
    DefaultConfig = 5,
}
