using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Converters;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Runtime.Isolation;

/// <summary>The SDK base type of each <see cref="PluginKind"/> and the words messages use for it.</summary>
internal static class PluginKindExtensions
{
    private static readonly (PluginKind Kind, Type BaseType)[] BaseTypes =
    [
        (PluginKind.Source, typeof(SourceConnector)),
        (PluginKind.Sink, typeof(SinkConnector)),
        (PluginKind.Processor, typeof(ProcessorConnector)),
        (PluginKind.Transformation, typeof(Transformation)),
        (PluginKind.Predicate, typeof(Predicate)),
        (PluginKind.Converter, typeof(Converter)),
        (PluginKind.HeaderConverter, typeof(HeaderConverter)),
    ];

    /// <summary>The kind of plugin <paramref name="type"/> is, or null when it derives from none of the plugin base types.</summary>
    public static PluginKind? KindOf(Type type)
    {
        foreach (var (kind, baseType) in BaseTypes)
        {
            if (type.IsSubclassOf(baseType))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>True for source, sink and processor connectors.</summary>
    public static bool IsConnector(this PluginKind kind) => kind is PluginKind.Source or PluginKind.Sink or PluginKind.Processor;

    /// <summary>The kind in words, for messages: "source connector", "transformation", ...</summary>
    public static string Describe(this PluginKind kind) => kind switch
    {
        PluginKind.Source => "source connector",
        PluginKind.Sink => "sink connector",
        PluginKind.Processor => "processor connector",
        PluginKind.Transformation => "transformation",
        PluginKind.Predicate => "predicate",
        PluginKind.Converter => "converter",
        PluginKind.HeaderConverter => "header converter",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a plugin kind."),
    };
}
