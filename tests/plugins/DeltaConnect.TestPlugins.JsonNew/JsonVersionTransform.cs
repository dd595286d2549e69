using DeltaConnect.Sdk;
using DeltaConnect.TestPlugins.Json;

namespace DeltaConnect.TestPlugins.JsonNew;

/// <summary>Same simple name as DeltaConnect.TestPlugins.JsonOld.JsonVersionTransform: only its full name or alias resolve it.</summary>
[PluginAlias("json-new")]
public sealed class JsonVersionTransform : JsonSerializingTransformation;
