using DeltaConnect.Runtime.Configuration;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Runtime.Tests.Configuration;

/// <summary>Config provider variables (<c>${env:...}</c>, <c>${file:...}</c>, <c>${directory:...}</c>) on real files and environment variables.</summary>
public sealed class ConfigTransformerTests
{
    private readonly string _dir = TestRunDirectory.CreateServerDirectory("config-providers");

    [Fact]
    public void Env_file_and_directory_variables_resolve_inside_larger_values()
    {
        var variable = "DC_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, "env-secret");
        var properties = Path.Combine(_dir, "db.properties");
        File.WriteAllText(properties, """
            # a comment
            ! another comment
            user = app
            password=p\=ss\:w0rd
            multi: first \
                   second
            unicode=\u00fcber
            """);
        var secrets = Directory.CreateDirectory(Path.Combine(_dir, "secrets")).FullName;
        File.WriteAllText(Path.Combine(secrets, "token"), "tok-123");
        var transformer = ConfigTransformer.FromWorkerSettings(new Dictionary<string, string>
        {
            ["config.providers"] = "env, file,directory",
            ["config.providers.file.class"] = "org.apache.kafka.common.config.provider.FileConfigProvider",
        });

        var resolved = transformer.Transform(new Dictionary<string, string>
        {
            ["a"] = $"${{env:{variable}}}",
            ["b"] = $"jdbc://${{file:{properties}:user}}:${{file:{properties}:password}}@host",
            ["c"] = $"${{directory:{secrets}:token}}",
            ["d"] = $"${{file:{properties}:multi}}|${{file:{properties}:unicode}}",
            ["plain"] = "no variables here",
            ["other"] = "${vault:secret/data:key}",
        });

        Assert.Equal("env-secret", resolved["a"]);
        Assert.Equal("jdbc://app:p=ss:w0rd@host", resolved["b"]);
        Assert.Equal("tok-123", resolved["c"]);
        Assert.Equal("first second|über", resolved["d"]);
        Assert.Equal("no variables here", resolved["plain"]);
        Assert.Equal("${vault:secret/data:key}", resolved["other"]); // not an enabled provider: literal, as in Kafka Connect
    }

    [Fact]
    public void Without_providers_nothing_is_resolved()
    {
        var config = new Dictionary<string, string> { ["a"] = "${env:HOME}" };
        Assert.Same(config, ConfigTransformer.FromWorkerSettings(new Dictionary<string, string>()).Transform(config));
    }

    [Fact]
    public void Unresolvable_variables_name_the_option_and_variable_but_never_a_value()
    {
        var properties = Path.Combine(_dir, "only-user.properties");
        File.WriteAllText(properties, "user=app\n");
        var allowed = Directory.CreateDirectory(Path.Combine(_dir, "allowed")).FullName;
        var transformer = ConfigTransformer.FromWorkerSettings(new Dictionary<string, string>
        {
            ["config.providers"] = "env,file,restricted",
            ["config.providers.env.param.allowlist.pattern"] = "DC_ALLOWED_.*",
            ["config.providers.restricted.class"] = "FileConfigProvider",
            ["config.providers.restricted.param.allowed.paths"] = allowed,
        });

        var missingKey = Assert.Throws<ConfigException>(() => transformer.Transform(new Dictionary<string, string> { ["database.password"] = $"${{file:{properties}:password}}" }));
        Assert.Contains("database.password", missingKey.Message, StringComparison.Ordinal);
        Assert.Contains("has no key 'password'", missingKey.Message, StringComparison.Ordinal);

        var missingFile = Assert.Throws<ConfigException>(() => transformer.Transform(new Dictionary<string, string> { ["x"] = $"${{file:{properties}.missing:user}}" }));
        Assert.Contains("does not exist", missingFile.Message, StringComparison.Ordinal);

        var notAllowed = Assert.Throws<ConfigException>(() => transformer.Transform(new Dictionary<string, string> { ["x"] = "${env:HOME}" }));
        Assert.Contains("allowlist.pattern", notAllowed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.GetEnvironmentVariable("HOME")!, notAllowed.Message, StringComparison.Ordinal);

        var outside = Assert.Throws<ConfigException>(() => transformer.Transform(new Dictionary<string, string> { ["x"] = $"${{restricted:{properties}:user}}" }));
        Assert.Contains("outside the provider's allowed.paths", outside.Message, StringComparison.Ordinal);
        var escaping = Assert.Throws<ConfigException>(() => transformer.Transform(new Dictionary<string, string> { ["x"] = $"${{restricted:{allowed}/../only-user.properties:user}}" }));
        Assert.Contains("outside the provider's allowed.paths", escaping.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_provider_class_and_bad_parameters_name_the_worker_option()
    {
        var unknown = Assert.Throws<ConfigException>(() => ConfigTransformer.FromWorkerSettings(new Dictionary<string, string>
        {
            ["config.providers"] = "vault",
        }));
        Assert.Contains("config.providers.vault.class", unknown.Message, StringComparison.Ordinal);

        var badPattern = Assert.Throws<ConfigException>(() => ConfigTransformer.FromWorkerSettings(new Dictionary<string, string>
        {
            ["config.providers"] = "env",
            ["config.providers.env.param.allowlist.pattern"] = "([",
        }));
        Assert.Contains("config.providers.env.param.allowlist.pattern", badPattern.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reverse_transform_puts_variables_back_into_derived_task_configs()
    {
        var transformer = ConfigTransformer.FromWorkerSettings(new Dictionary<string, string> { ["config.providers"] = "env" });
        var raw = new Dictionary<string, string> { ["password"] = "${env:PG_PASSWORD}", ["table"] = "t" };
        var resolved = new Dictionary<string, string> { ["password"] = "s3cret", ["table"] = "t" };
        IReadOnlyList<IReadOnlyDictionary<string, string>> tasks =
        [
            new Dictionary<string, string> { ["password"] = "s3cret", ["table"] = "t", ["task.id"] = "0" },
            new Dictionary<string, string> { ["password"] = "changed-by-connector", ["table"] = "t" },
        ];

        var stored = transformer.ReverseTransform(raw, resolved, tasks);

        Assert.Equal("${env:PG_PASSWORD}", stored[0]["password"]);
        Assert.Equal("0", stored[0]["task.id"]);
        Assert.Equal("changed-by-connector", stored[1]["password"]);
    }
}
