using System.Reflection;
using DeltaConnect.Schemas.Converters;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Converters;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Schemas.Tests;

public sealed class ConverterPluginTests
{
    [Theory]
    [InlineData(typeof(JsonConverter), typeof(Converter), "org.apache.kafka.connect.json.JsonConverter")]
    [InlineData(typeof(StringConverter), typeof(Converter), "org.apache.kafka.connect.storage.StringConverter")]
    [InlineData(typeof(ByteArrayConverter), typeof(Converter), "org.apache.kafka.connect.converters.ByteArrayConverter")]
    [InlineData(typeof(SimpleHeaderConverter), typeof(HeaderConverter), "org.apache.kafka.connect.storage.SimpleHeaderConverter")]
    public void Converters_are_public_plugins_named_by_their_kafka_connect_class(Type type, Type pluginBase, string kafkaName)
    {
        Assert.True(type.IsPublic && type.IsSealed);
        Assert.True(type.IsSubclassOf(pluginBase));
        Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
        Assert.Contains(kafkaName, type.GetCustomAttributes<PluginAliasAttribute>().Select(a => a.Alias));
    }

    [Fact]
    public void Json_converter_declares_kafka_connect_options_and_defaults()
    {
        var keys = new JsonConverter().Config.ConfigKeys;

        Assert.Equal(true, keys["schemas.enable"].DefaultValue);
        Assert.Equal(1000, keys["schemas.cache.size"].DefaultValue);
        Assert.Equal("BASE64", keys["decimal.format"].DefaultValue);
        Assert.Equal(true, keys["replace.null.with.default"].DefaultValue);
        Assert.Equal(4, keys.Count);
    }

    [Fact]
    public void String_converter_declares_converter_encoding_defaulting_to_utf8()
    {
        var keys = new StringConverter().Config.ConfigKeys;

        Assert.Equal("UTF-8", Assert.Single(keys).Value.DefaultValue);
        Assert.Equal("converter.encoding", keys.Keys.Single());
    }

    [Fact]
    public void Pass_through_and_header_converters_have_no_options()
    {
        Assert.Empty(new ByteArrayConverter().Config.ConfigKeys);
        Assert.Empty(new SimpleHeaderConverter().Config.ConfigKeys);
    }

    [Theory]
    [InlineData("decimal.format", "TEXT")]
    [InlineData("schemas.cache.size", "-1")]
    [InlineData("schemas.enable", "yes")]
    [InlineData("replace.null.with.default", "1")]
    public void Invalid_json_converter_settings_are_rejected_naming_the_setting(string key, string value)
    {
        var error = Assert.Throws<ConfigException>(() => new JsonConverter().Configure(new Dictionary<string, string> { [key] = value }, isKey: false));

        Assert.Equal(key, error.Name);
    }

    [Fact]
    public void Json_converter_works_before_it_is_configured_with_the_defaults()
    {
        using var converter = new JsonConverter();

        Assert.Equal(
            "{\"schema\":{\"type\":\"int32\",\"optional\":false},\"payload\":42}",
            TestConverters.Utf8Text(converter.FromConnectData(TestConverters.Topic, new(), Sdk.Data.Schema.Int32, 42)));
    }

    [Fact]
    public void Converters_report_a_version()
    {
        Assert.False(string.IsNullOrEmpty(new JsonConverter().Version));
        Assert.False(string.IsNullOrEmpty(new SimpleHeaderConverter().Version));
    }
}
