namespace DeltaConnect.Broker.Topics;

/// <summary>Value types of topic configs, numbered as DescribeConfigs v3+ reports them.</summary>
internal enum TopicConfigType : sbyte
{
    Boolean = 1,
    String = 2,
    Int = 3,
    Short = 4,
    Long = 5,
    Double = 6,
    List = 7,
}
