using DeltaConnect.Runtime.Configuration;
using DeltaConnect.Runtime.Isolation;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Runtime.Herder;

/// <summary>
/// Validates connector configs field by field — the runtime's options for the connector's kind, the connector's own
/// ConfigDef, and each transform's and predicate's options under <c>transforms.&lt;alias&gt;.</c> /
/// <c>predicates.&lt;alias&gt;.</c> — and knows which keys hold secrets (password-type options), so they can be
/// redacted wherever a config leaves the worker.
/// </summary>
/// <remarks>
/// Config provider variables are resolved before validating (the connector sees what it will see at start), but the
/// result reports the stored values — with the variables — so no resolved secret leaves the worker; a variable that
/// cannot be resolved is an error on its option.
/// </remarks>
internal sealed class ConnectorConfigValidator(PluginRegistry plugins, Func<IReadOnlyDictionary<string, string>, PluginDescriptor> resolveConnector, ConfigTransformer transformer)
{
    private const string TransformsGroup = "Transforms";

    /// <summary>The runtime's options for a connector of <paramref name="kind"/>.</summary>
    public static ConfigDef BaseDefinition(PluginKind kind) => kind switch
    {
        PluginKind.Sink => SinkConnectorConfig.ConfigDef,
        PluginKind.Processor => ProcessorConnectorConfig.ConfigDef,
        _ => ConnectorConfig.BaseDefinition,
    };

    /// <summary>Every option of a connector plugin: the runtime's for its kind, then its own.</summary>
    public IReadOnlyList<ConfigKey> Definition(PluginDescriptor descriptor)
    {
        var connector = plugins.Create<Connector>(descriptor);
        var keys = BaseDefinition(descriptor.Kind).ConfigKeys.Values.ToList();
        keys.AddRange(connector.Config.ConfigKeys.Values.Where(k => !keys.Any(b => b.Name == k.Name)));
        return keys;
    }

    /// <exception cref="ConfigException">When connector.class is missing or names no installed connector.</exception>
    public async Task<ConfigInfos> ValidateAsync(IReadOnlyDictionary<string, string> storedConfig, CancellationToken cancellationToken)
    {
        var config = transformer.TransformEach(storedConfig, out var unresolved);
        var descriptor = resolveConnector(config);
        var props = config.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        var baseDefinition = BaseDefinition(descriptor.Kind);
        var infos = baseDefinition.Validate(props).Select(v => new ConfigInfo(baseDefinition.ConfigKeys[v.Name], v)).ToList();
        AddCrossFieldErrors(descriptor.Kind, config, infos);

        var connector = plugins.Create<Connector>(descriptor);
        foreach (var value in await connector.ValidateAsync(props, cancellationToken))
        {
            if (infos.Any(i => i.Definition.Name == value.Name))
            {
                continue;
            }

            var key = connector.Config.ConfigKeys.GetValueOrDefault(value.Name)
                ?? new ConfigKey(value.Name, ConfigType.String, ConfigDef.NoDefaultValue, null, Importance.Low, "", null, -1, Width.None, value.Name, [], null);
            infos.Add(new ConfigInfo(key, value));
        }

        infos.AddRange(AliasInfos(config, "transforms", PluginKind.Transformation));
        infos.AddRange(AliasInfos(config, "predicates", PluginKind.Predicate));

        if (!ReferenceEquals(config, storedConfig))
        {
            foreach (var info in infos.Where(i => storedConfig.ContainsKey(i.Definition.Name) && transformer.HasVariables(storedConfig[i.Definition.Name])))
            {
                if (info.Value.Value is not Password)
                {
                    info.Value.Value = storedConfig[info.Definition.Name];
                }

                if (unresolved.TryGetValue(info.Definition.Name, out var problem))
                {
                    info.Value.AddError(problem);
                }
            }
        }

        var groups = infos.Select(i => i.Definition.Group).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new ConfigInfos(descriptor.TypeName, infos.Sum(i => i.Value.ErrorMessages.Count), groups, infos);
    }

    /// <summary>The keys of <paramref name="config"/> that hold secrets.</summary>
    public IReadOnlySet<string> SecretKeys(IReadOnlyDictionary<string, string> config)
    {
        var secrets = new HashSet<string>(config.Keys.Where(LooksSecret), StringComparer.Ordinal);
        ConfigDef? own = null;
        try
        {
            own = plugins.Create<Connector>(resolveConnector(config)).Config;
        }
        catch (ConnectException)
        {
            // An unknown connector class: only the naming rule applies.
        }

        foreach (var key in config.Keys)
        {
            if (own?.ConfigKeys.GetValueOrDefault(key)?.Type == ConfigType.Password || AliasOptionType(config, key) == ConfigType.Password)
            {
                secrets.Add(key);
            }
        }

        return secrets;
    }

    /// <summary>A copy of <paramref name="config"/> with every secret replaced by <see cref="Password.Hidden"/>.</summary>
    public IReadOnlyDictionary<string, string> Redact(IReadOnlyDictionary<string, string> config)
    {
        var secrets = SecretKeys(config);
        return config.ToDictionary(p => p.Key, p => secrets.Contains(p.Key) ? Password.Hidden : p.Value, StringComparer.Ordinal);
    }

    /// <summary>Redacts <paramref name="config"/> (a task config, say) by the secret keys of its connector's config.</summary>
    public static IReadOnlyDictionary<string, string> Redact(IReadOnlyDictionary<string, string> config, IReadOnlySet<string> secrets) =>
        config.ToDictionary(p => p.Key, p => secrets.Contains(p.Key) || LooksSecret(p.Key) ? Password.Hidden : p.Value, StringComparer.Ordinal);

    // Client settings passed through (producer.override.ssl.key.password, sasl.jaas.config, ...) have no ConfigDef here.
    private static bool LooksSecret(string key) =>
        key.EndsWith("password", StringComparison.OrdinalIgnoreCase) || key.EndsWith("sasl.jaas.config", StringComparison.OrdinalIgnoreCase) ||
        key.EndsWith(".secret", StringComparison.OrdinalIgnoreCase);

    private static void AddCrossFieldErrors(PluginKind kind, IReadOnlyDictionary<string, string> config, List<ConfigInfo> infos)
    {
        if (infos.Any(i => i.Value.ErrorMessages.Count > 0))
        {
            return;
        }

        try
        {
            _ = kind switch
            {
                PluginKind.Sink => new SinkConnectorConfig(config),
                PluginKind.Processor => new ProcessorConnectorConfig(config),
                _ => new ConnectorConfig(config),
            };
        }
        catch (ConfigException e)
        {
            var target = infos.FirstOrDefault(i => i.Definition.Name == e.Name) ?? infos.First(i => i.Definition.Name == ConnectorConfig.ConnectorClass);
            target.Value.AddError(e.Message);
        }
    }

    private ConfigType? AliasOptionType(IReadOnlyDictionary<string, string> config, string key)
    {
        foreach (var (prefix, kind) in new[] { ("transforms", PluginKind.Transformation), ("predicates", PluginKind.Predicate) })
        {
            if (!key.StartsWith(prefix + ".", StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key[(prefix.Length + 1)..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || !config.TryGetValue($"{prefix}.{rest[..dot]}.type", out var type) || !plugins.TryResolve(kind, type, out var descriptor))
            {
                return null;
            }

            return OptionsOf(descriptor)?.ConfigKeys.GetValueOrDefault(rest[(dot + 1)..])?.Type;
        }

        return null;
    }

    private ConfigDef? OptionsOf(PluginDescriptor descriptor) => descriptor.Kind switch
    {
        PluginKind.Transformation => plugins.Create<Transformation>(descriptor).Config,
        PluginKind.Predicate => plugins.Create<Predicate>(descriptor).Config,
        _ => null,
    };

    private IEnumerable<ConfigInfo> AliasInfos(IReadOnlyDictionary<string, string> config, string prefix, PluginKind kind)
    {
        var aliases = config.TryGetValue(prefix, out var list) ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
        foreach (var alias in aliases)
        {
            var group = $"{(prefix == "transforms" ? TransformsGroup : "Predicates")}: {alias}";
            var typeKey = $"{prefix}.{alias}.type";
            var typeValue = new ConfigValue(typeKey, config.GetValueOrDefault(typeKey));
            var typeDefinition = new ConfigKey(typeKey, ConfigType.Class, ConfigDef.NoDefaultValue, null, Importance.High,
                $"The {kind.ToString().ToLowerInvariant()} plugin of alias '{alias}'.", group, 0, Width.Long, typeKey, [], null);
            typeValue.SetRecommendedValues(plugins.PluginsOf(kind).Select(p => (object)p.TypeName));
            PluginDescriptor? descriptor = null;
            if (typeValue.Value is not string typeName || typeName.Length == 0)
            {
                typeValue.AddError($"{prefix} alias '{alias}' has no type; set {typeKey} to a plugin name.");
            }
            else if (!plugins.TryResolve(kind, typeName, out descriptor))
            {
                typeValue.AddError($"no installed {kind.ToString().ToLowerInvariant()} is named '{typeName}'.");
            }

            yield return new ConfigInfo(typeDefinition, typeValue);
            if (descriptor is null || OptionsOf(descriptor) is not { } options)
            {
                continue;
            }

            var settings = config.Where(p => p.Key.StartsWith($"{prefix}.{alias}.", StringComparison.Ordinal))
                .ToDictionary(p => p.Key[(prefix.Length + alias.Length + 2)..], p => (string?)p.Value, StringComparer.Ordinal);
            foreach (var value in options.Validate(settings))
            {
                var key = options.ConfigKeys[value.Name];
                var name = $"{prefix}.{alias}.{value.Name}";
                var renamed = new ConfigValue(name, value.Value) { Visible = value.Visible };
                renamed.SetRecommendedValues(value.RecommendedValues);
                foreach (var error in value.ErrorMessages)
                {
                    renamed.AddError(error);
                }

                yield return new ConfigInfo(key with { Name = name, Group = group, DisplayName = name }, renamed);
            }
        }
    }
}
