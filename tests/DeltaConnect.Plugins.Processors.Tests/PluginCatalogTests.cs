using System.Reflection;
using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Tests;

/// <summary>Every Kafka Connect transform and predicate is here, under its Kafka Connect name, ready to be created by the runtime.</summary>
public sealed class PluginCatalogTests
{
    private const string Prefix = "org.apache.kafka.connect.transforms.";

    // connect/transforms/src/main/resources/META-INF/services in apache/kafka.
    private static readonly string[] KafkaTransforms =
    [
        "Cast$Key", "Cast$Value", "DropHeaders", "ExtractField$Key", "ExtractField$Value", "Filter", "Flatten$Key", "Flatten$Value",
        "HeaderFrom$Key", "HeaderFrom$Value", "HoistField$Key", "HoistField$Value", "InsertField$Key", "InsertField$Value", "InsertHeader",
        "MaskField$Key", "MaskField$Value", "RegexRouter", "ReplaceField$Key", "ReplaceField$Value", "SetSchemaMetadata$Key",
        "SetSchemaMetadata$Value", "TimestampConverter$Key", "TimestampConverter$Value", "TimestampRouter", "ValueToKey",
    ];

    private static readonly string[] KafkaPredicates = ["predicates.HasHeaderKey", "predicates.RecordIsTombstone", "predicates.TopicNameMatches"];

    internal static IReadOnlyList<Type> PluginTypes { get; } = [.. typeof(Cast).Assembly.GetExportedTypes()
        .Where(t => !t.IsAbstract && (typeof(Transformation).IsAssignableFrom(t) || typeof(Predicate).IsAssignableFrom(t)))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)];

    internal static string Alias(Type type) => Assert.Single(type.GetCustomAttributes<PluginAliasAttribute>()).Alias;

    [Fact]
    public void Every_kafka_connect_transform_and_predicate_has_exactly_one_plugin_under_its_kafka_name()
    {
        var aliases = PluginTypes.Select(Alias).Order(StringComparer.Ordinal);

        Assert.Equal(KafkaTransforms.Concat(KafkaPredicates).Select(n => Prefix + n).Order(StringComparer.Ordinal), aliases);
    }

    [Fact]
    public void Key_and_value_variants_are_nested_types_named_after_the_kafka_variant()
    {
        foreach (var type in PluginTypes.Where(t => t.IsNested))
        {
            Assert.Equal($"{Prefix}{type.DeclaringType!.Name}${type.Name}", Alias(type));
            Assert.True(type.DeclaringType.IsAbstract, $"{type.DeclaringType} shares the logic of its variants");
        }
    }

    [Fact]
    public void Every_plugin_is_a_public_sealed_class_with_a_public_parameterless_constructor()
    {
        Assert.Equal(29, PluginTypes.Count);
        foreach (var type in PluginTypes)
        {
            Assert.True(type.IsSealed, $"{type} is sealed");
            Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
        }
    }

    [Fact]
    public void Each_plugin_type_shares_one_config_definition_across_instances_and_variants()
    {
        foreach (var type in PluginTypes)
        {
            Assert.Same(ConfigOf(type), ConfigOf(type));
            if (type.IsNested)
            {
                var sibling = type.DeclaringType!.GetNestedTypes().Single(t => t != type && t.IsSubclassOf(type.DeclaringType));
                Assert.Same(ConfigOf(type), ConfigOf(sibling));
            }
        }
    }

    [Fact]
    public void Plugins_report_the_assembly_version()
    {
        Assert.Equal(PluginVersion.Of(typeof(Cast)), new Cast.Value().Version);
        Assert.Equal(new Cast.Key().Version, new Cast.Value().Version);
    }

    [Fact]
    public void Using_a_transform_before_configuring_it_says_so()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new InsertField.Value().Apply(TestRecords.Source(null, null)));

        Assert.Contains("Configure", error.Message, StringComparison.Ordinal);
    }

    private static ConfigDef ConfigOf(Type type)
    {
        using var plugin = (IDisposable)Activator.CreateInstance(type)!;
        return plugin switch
        {
            Transformation transform => transform.Config,
            Predicate predicate => predicate.Config,
            _ => throw new InvalidOperationException(type.FullName),
        };
    }
}
