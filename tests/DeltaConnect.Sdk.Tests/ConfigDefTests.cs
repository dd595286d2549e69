using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Tests;

public sealed class ConfigDefTests
{
    private static readonly ConfigDef Definition = new ConfigDef()
        .Define("database.hostname", ConfigType.String, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.High, "Host of the database.", "Connection", 1)
        .Define("database.port", ConfigType.Int, 5432, Validators.Between(1, 65535), Importance.High, "Port.", "Connection", 2)
        .Define("database.password", ConfigType.Password, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.High, "Password.", "Connection", 3)
        .Define("snapshot.mode", ConfigType.String, "initial", Validators.In("initial", "never", "always"), Importance.Medium, "When to snapshot.")
        .Define("table.include.list", ConfigType.List, "", Importance.Medium, "Tables to capture.")
        .Define("heartbeat.interval.ms", ConfigType.Long, 0L, Validators.AtLeast(0), Importance.Low, "Heartbeat interval.")
        .Define("slot.name", ConfigType.String, null, Importance.Low, "Replication slot (optional).");

    private static Dictionary<string, string?> Props(params (string Key, string? Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);

    [Fact]
    public void Values_are_parsed_to_their_types_and_defaults_fill_the_rest()
    {
        var values = Definition.Parse(Props(("database.hostname", " db "), ("database.password", "s3cret"), ("table.include.list", "public.a, public.b"), ("heartbeat.interval.ms", "1000")));
        Assert.Equal("db", values["database.hostname"]);
        Assert.Equal(5432, values["database.port"]);
        Assert.Equal(new[] { "public.a", "public.b" }, (IReadOnlyList<string>)values["table.include.list"]!);
        Assert.Equal(1000L, values["heartbeat.interval.ms"]);
        Assert.Null(values["slot.name"]);
        Assert.Equal("s3cret", ((Password)values["database.password"]!).Value);
    }

    [Fact]
    public void A_missing_required_key_is_named_with_its_documentation()
    {
        var error = Assert.Throws<ConfigException>(() => Definition.Parse(Props(("database.password", "x"))));
        Assert.Contains("\"database.hostname\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Host of the database.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_values_are_named_with_what_would_be_valid()
    {
        var port = Assert.Throws<ConfigException>(() => Definition.Parse(Props(("database.hostname", "h"), ("database.password", "p"), ("database.port", "70000"))));
        Assert.Equal("database.port", port.Name);
        Assert.Contains("between 1 and 65535", port.Message, StringComparison.Ordinal);
        var mode = Assert.Throws<ConfigException>(() => Definition.Parse(Props(("database.hostname", "h"), ("database.password", "p"), ("snapshot.mode", "sometimes"))));
        Assert.Contains("one of [initial, never, always]", mode.Message, StringComparison.Ordinal);
        var number = Assert.Throws<ConfigException>(() => Definition.Parse(Props(("database.hostname", "h"), ("database.password", "p"), ("database.port", "five"))));
        Assert.Contains("expected a whole number", number.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_reports_every_error_without_throwing()
    {
        var results = Definition.Validate(Props(("database.port", "0"), ("snapshot.mode", "x")));
        var errors = results.Where(r => r.ErrorMessages.Count > 0).Select(r => r.Name).Order().ToList();
        Assert.Equal(["database.hostname", "database.password", "database.port", "snapshot.mode"], errors);
    }

    [Fact]
    public void Passwords_never_print_their_secret()
    {
        var password = new Password("hunter2");
        Assert.Equal("[hidden]", password.ToString());
        Assert.Equal("[hidden]", $"{password}");
        Assert.Equal("[hidden]", ConfigDef.FormatValue(ConfigType.Password, password));

        var results = Definition.Validate(Props(("database.hostname", "h"), ("database.password", "hunter2")));
        var value = results.Single(r => r.Name == "database.password").Value;
        Assert.DoesNotContain("hunter2", value?.ToString() ?? "", StringComparison.Ordinal);

        var strict = new ConfigDef().Define("secret", ConfigType.Password, ConfigDef.NoDefaultValue, Validators.Lambda(_ => "too short", "long enough"), Importance.High, "A secret.");
        var error = Assert.Throws<ConfigException>(() => strict.Parse(Props(("secret", "hunter2"))));
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("[hidden]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_default_makes_a_key_optional()
    {
        var definition = new ConfigDef().Define("optional", ConfigType.String, null, Importance.Low, "Optional.");
        Assert.Null(definition.Parse(Props())["optional"]);
        Assert.True(definition.ConfigKeys["optional"].HasDefault);
    }

    [Fact]
    public void Keys_cannot_be_defined_twice_and_defaults_must_be_valid()
    {
        Assert.Throws<ConfigException>(() => new ConfigDef().Define("a", ConfigType.Int, 1, Importance.Low, "").Define("a", ConfigType.Int, 1, Importance.Low, ""));
        Assert.Throws<ConfigException>(() => new ConfigDef().Define("a", ConfigType.Int, 0, Validators.AtLeast(1), Importance.Low, ""));
    }

    [Fact]
    public void Parsed_config_exposes_typed_values_and_prefixed_originals()
    {
        var config = new ParsedConfig(Definition, new Dictionary<string, string>
        {
            ["database.hostname"] = "h",
            ["database.password"] = "p",
            ["producer.override.linger.ms"] = "5",
        });
        Assert.Equal(5432, config.GetInt("database.port"));
        Assert.Equal("p", config.GetPassword("database.password")!.Value);
        Assert.Equal(new Dictionary<string, string> { ["linger.ms"] = "5" }, config.OriginalsWithPrefix("producer.override."));
        Assert.Throws<ConfigException>(() => config.Get("not.defined"));
    }

    [Fact]
    public void Groups_are_listed_in_definition_order()
    {
        Assert.Equal(["Connection"], Definition.Groups);
    }

    [Fact]
    public void List_values_in_errors_print_as_lists()
    {
        var definition = new ConfigDef().Define("tables", ConfigType.List, "", Validators.ListOf("a", "b"), Importance.Low, "");
        var error = Assert.Throws<ConfigException>(() => definition.Parse(Props(("tables", "a,c"))));
        Assert.Contains("Invalid value a,c", error.Message, StringComparison.Ordinal);
        Assert.Contains("'c' is not allowed", error.Message, StringComparison.Ordinal);
    }
}
