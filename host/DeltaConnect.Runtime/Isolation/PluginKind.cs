namespace DeltaConnect.Runtime.Isolation;

/// <summary>What a plugin type is, by the SDK base type it derives from.</summary>
internal enum PluginKind
{
    /// <summary>A <see cref="Sdk.Connectors.SourceConnector"/>.</summary>
    Source,

    /// <summary>A <see cref="Sdk.Connectors.SinkConnector"/>.</summary>
    Sink,

    /// <summary>A <see cref="Sdk.Connectors.ProcessorConnector"/>.</summary>
    Processor,

    /// <summary>A <see cref="Sdk.Transforms.Transformation"/>.</summary>
    Transformation,

    /// <summary>A <see cref="Sdk.Transforms.Predicate"/>.</summary>
    Predicate,

    /// <summary>A <see cref="Sdk.Converters.Converter"/>.</summary>
    Converter,

    /// <summary>A <see cref="Sdk.Converters.HeaderConverter"/>.</summary>
    HeaderConverter,
}
