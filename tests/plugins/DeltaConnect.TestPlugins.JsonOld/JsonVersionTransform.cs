using DeltaConnect.Sdk;
using DeltaConnect.TestPlugins.Json;

namespace DeltaConnect.TestPlugins.JsonOld;

/// <summary>Same simple name as DeltaConnect.TestPlugins.JsonNew.JsonVersionTransform: only its full name or alias resolve it.</summary>
[PluginAlias("json-old")]
public sealed class JsonVersionTransform : JsonSerializingTransformation;
