using System.Net;
using System.Text.Json;
using DeltaConnect.Testing.Fixtures;
using DeltaConnect.Worker.Tests.TestPlugins;

namespace DeltaConnect.Worker.Tests.Rest;

/// <summary>
/// Every route of the REST API against a real standalone worker over HTTP, with Kafka Connect's request bodies, and
/// assertions on Kafka Connect's response shapes and status codes.
/// </summary>
public sealed class RestApiContractTests(BrokerFixture broker)
{
    private const string Secret = "s3cr3t-value-42";

    [Fact]
    public async Task Root_reports_version_commit_and_cluster_id_and_health_is_healthy_once_started()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        using var api = RestApi.For(scenario);

        var root = (await api.GetAsync("/")).Expect(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("version").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("commit").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("kafka_cluster_id").GetString()));

        var health = (await api.GetAsync("/health")).Expect(HttpStatusCode.OK);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Connector_lifecycle_create_read_update_patch_pause_resume_restart_stop_delete()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        using var api = RestApi.For(scenario);
        var topic = scenario.Topic("secret");

        // POST /connectors → 201, ConnectorInfo, Location; the password is redacted.
        var created = await api.SendJsonAsync(HttpMethod.Post, "/connectors", new { name = "src", config = SourceConfig(topic) });
        var info = created.Expect(HttpStatusCode.Created);
        Assert.Equal("/connectors/src", created.Location);
        Assert.Equal("src", info.GetProperty("name").GetString());
        Assert.Equal("source", info.GetProperty("type").GetString());
        Assert.Equal("[hidden]", info.GetProperty("config").GetProperty(SecretSourceConnector.Secret).GetString());
        Assert.Equal("src", info.GetProperty("config").GetProperty("name").GetString());
        var task = Assert.Single(info.GetProperty("tasks").EnumerateArray());
        Assert.Equal("src", task.GetProperty("connector").GetString());
        Assert.Equal(0, task.GetProperty("task").GetInt32());

        // The same name again → 409.
        Assert.Contains("already exists", (await api.SendJsonAsync(HttpMethod.Post, "/connectors", new { name = "src", config = SourceConfig(topic) })).ExpectError(HttpStatusCode.Conflict), StringComparison.Ordinal);

        await scenario.WaitForTaskStateAsync("src", Runtime.Storage.WorkerState.Running);

        // GET /connectors, ?expand=status, ?expand=info (both).
        Assert.Equal(["src"], (await api.GetAsync("/connectors")).Expect(HttpStatusCode.OK).EnumerateArray().Select(e => e.GetString()));
        var expanded = (await api.GetAsync("/connectors?expand=status&expand=info")).Expect(HttpStatusCode.OK).GetProperty("src");
        Assert.Equal("RUNNING", expanded.GetProperty("status").GetProperty("connector").GetProperty("state").GetString());
        Assert.Equal("source", expanded.GetProperty("status").GetProperty("type").GetString());
        Assert.Equal("[hidden]", expanded.GetProperty("info").GetProperty("config").GetProperty(SecretSourceConnector.Secret).GetString());
        Assert.False((await api.GetAsync("/connectors?expand=info")).Expect(HttpStatusCode.OK).GetProperty("src").TryGetProperty("status", out _));

        // GET /connectors/{name}, /config, /tasks, /status, /tasks/0/status.
        Assert.Equal("source", (await api.GetAsync("/connectors/src")).Expect(HttpStatusCode.OK).GetProperty("type").GetString());
        var config = (await api.GetAsync("/connectors/src/config")).Expect(HttpStatusCode.OK);
        Assert.Equal("[hidden]", config.GetProperty(SecretSourceConnector.Secret).GetString());
        Assert.Equal(topic, config.GetProperty("topic").GetString());
        var tasks = (await api.GetAsync("/connectors/src/tasks")).Expect(HttpStatusCode.OK);
        var taskInfo = Assert.Single(tasks.EnumerateArray());
        Assert.Equal("src", taskInfo.GetProperty("id").GetProperty("connector").GetString());
        Assert.Equal("[hidden]", taskInfo.GetProperty("config").GetProperty(SecretSourceConnector.Secret).GetString());
        var status = (await api.GetAsync("/connectors/src/status")).Expect(HttpStatusCode.OK);
        Assert.Equal("src", status.GetProperty("name").GetString());
        Assert.Equal(scenario.Host!.Herder.Worker.WorkerId, status.GetProperty("connector").GetProperty("worker_id").GetString());
        Assert.False(status.GetProperty("connector").TryGetProperty("trace", out _));
        Assert.Equal(0, Assert.Single(status.GetProperty("tasks").EnumerateArray()).GetProperty("id").GetInt32());
        var taskStatus = (await api.GetAsync("/connectors/src/tasks/0/status")).Expect(HttpStatusCode.OK);
        Assert.Equal("RUNNING", taskStatus.GetProperty("state").GetString());
        (await api.GetAsync("/connectors/src/tasks/7/status")).ExpectError(HttpStatusCode.NotFound);

        // GET-edit-PUT round trip: the redaction marker sent back keeps the stored secret. Existing → 200.
        var edited = config.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        edited["extra.setting"] = "1";
        var updated = await api.SendJsonAsync(HttpMethod.Put, "/connectors/src/config", edited);
        Assert.Equal("1", updated.Expect(HttpStatusCode.OK).GetProperty("config").GetProperty("extra.setting").GetString());
        Assert.Equal(Secret, scenario.Host.Herder.ConnectorConfig("src")![SecretSourceConnector.Secret]);

        // PATCH: a value sets, null removes.
        var patched = (await api.SendAsync(HttpMethod.Patch, "/connectors/src/config", """{"extra.setting": null, "tasks.max": "1", "other": "x"}""")).Expect(HttpStatusCode.OK);
        Assert.False(patched.GetProperty("config").TryGetProperty("extra.setting", out _));
        Assert.Equal("x", patched.GetProperty("config").GetProperty("other").GetString());
        Assert.Equal(Secret, scenario.Host.Herder.ConnectorConfig("src")![SecretSourceConnector.Secret]);
        (await api.SendAsync(HttpMethod.Patch, "/connectors/missing/config", """{"a": "b"}""")).ExpectError(HttpStatusCode.NotFound);

        // PUT config of a new name → 201.
        var second = await api.SendJsonAsync(HttpMethod.Put, "/connectors/src2/config", SourceConfig(scenario.Topic("second")));
        second.Expect(HttpStatusCode.Created);

        // Pause / resume → 202; stop → 204.
        (await api.SendAsync(HttpMethod.Put, "/connectors/src/pause")).Expect(HttpStatusCode.Accepted);
        await scenario.WaitForTaskStateAsync("src", Runtime.Storage.WorkerState.Paused);
        Assert.Equal("PAUSED", (await api.GetAsync("/connectors/src/status")).Expect(HttpStatusCode.OK).GetProperty("connector").GetProperty("state").GetString());
        (await api.SendAsync(HttpMethod.Put, "/connectors/src/resume")).Expect(HttpStatusCode.Accepted);
        await scenario.WaitForTaskStateAsync("src", Runtime.Storage.WorkerState.Running);

        // Restart: connector only → 204; with includeTasks → 202 and the status; bad flag → 400; task restart → 204.
        (await api.SendAsync(HttpMethod.Post, "/connectors/src/restart")).Expect(HttpStatusCode.NoContent);
        var restarted = (await api.SendAsync(HttpMethod.Post, "/connectors/src/restart?includeTasks=true&onlyFailed=false")).Expect(HttpStatusCode.Accepted);
        Assert.Equal("src", restarted.GetProperty("name").GetString());
        Assert.Single(restarted.GetProperty("tasks").EnumerateArray());
        (await api.SendAsync(HttpMethod.Post, "/connectors/src/restart?includeTasks=yes")).ExpectError(HttpStatusCode.BadRequest);
        (await api.SendAsync(HttpMethod.Post, "/connectors/src/tasks/0/restart")).Expect(HttpStatusCode.NoContent);
        (await api.SendAsync(HttpMethod.Post, "/connectors/src/tasks/5/restart")).ExpectError(HttpStatusCode.NotFound);

        (await api.SendAsync(HttpMethod.Put, "/connectors/src/stop")).Expect(HttpStatusCode.NoContent);
        Assert.Equal("STOPPED", (await api.GetAsync("/connectors/src/status")).Expect(HttpStatusCode.OK).GetProperty("connector").GetProperty("state").GetString());

        // DELETE → 204, then 404 everywhere.
        (await api.SendAsync(HttpMethod.Delete, "/connectors/src")).Expect(HttpStatusCode.NoContent);
        Assert.Contains("src", (await api.GetAsync("/connectors/src")).ExpectError(HttpStatusCode.NotFound), StringComparison.Ordinal);
        (await api.SendAsync(HttpMethod.Delete, "/connectors/src")).ExpectError(HttpStatusCode.NotFound);
        (await api.GetAsync("/connectors/src/status")).ExpectError(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("PAUSED", "PAUSED")]
    [InlineData("STOPPED", "STOPPED")]
    [InlineData("RUNNING", "RUNNING")]
    public async Task Initial_state_decides_how_a_new_connector_starts(string initialState, string expected)
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        using var api = RestApi.For(scenario);
        (await api.SendJsonAsync(HttpMethod.Post, "/connectors", new { name = "c", config = SourceConfig(scenario.Topic("t")), initial_state = initialState })).Expect(HttpStatusCode.Created);
        Assert.Equal(expected, (await api.GetAsync("/connectors/c/status")).Expect(HttpStatusCode.OK).GetProperty("connector").GetProperty("state").GetString());
        (await api.SendJsonAsync(HttpMethod.Post, "/connectors", new { name = "d", config = SourceConfig(scenario.Topic("t")), initial_state = "SLEEPING" })).ExpectError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Source_offsets_are_read_and_only_a_STOPPED_connector_has_them_altered_or_reset()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        using var api = RestApi.For(scenario);
        (await api.SendJsonAsync(HttpMethod.Post, "/connectors", new { name = "src", config = SourceConfig(scenario.Topic("t")) })).Expect(HttpStatusCode.Created);

        var offsets = await WaitForOffsetsAsync(api, "src");
        var entry = Assert.Single(offsets.EnumerateArray());
        Assert.Equal("secret", entry.GetProperty("partition").GetProperty("source").GetString());
        Assert.True(entry.GetProperty("offset").GetProperty("n").GetInt64() >= 0);

        const string Alter = """{"offsets": [{"partition": {"source": "secret"}, "offset": {"n": 1000}}]}""";
        Assert.Contains("STOPPED", (await api.SendAsync(HttpMethod.Patch, "/connectors/src/offsets", Alter)).ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("STOPPED", (await api.SendAsync(HttpMethod.Delete, "/connectors/src/offsets")).ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);

        (await api.SendAsync(HttpMethod.Put, "/connectors/src/stop")).Expect(HttpStatusCode.NoContent);
        var altered = (await api.SendAsync(HttpMethod.Patch, "/connectors/src/offsets", Alter)).Expect(HttpStatusCode.OK);
        Assert.Contains("altered successfully", altered.GetProperty("message").GetString(), StringComparison.Ordinal);
        var after = Assert.Single((await api.GetAsync("/connectors/src/offsets")).Expect(HttpStatusCode.OK).GetProperty("offsets").EnumerateArray());
        Assert.Equal(1000, after.GetProperty("offset").GetProperty("n").GetInt64());

        (await api.SendAsync(HttpMethod.Patch, "/connectors/src/offsets", """{"offsets": []}""")).ExpectError(HttpStatusCode.BadRequest);
        (await api.SendAsync(HttpMethod.Patch, "/connectors/src/offsets", """{"offsets": [{"partition": 5}]}""")).ExpectError(HttpStatusCode.BadRequest);

        var reset = (await api.SendAsync(HttpMethod.Delete, "/connectors/src/offsets")).Expect(HttpStatusCode.OK);
        Assert.Contains("reset successfully", reset.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty((await api.GetAsync("/connectors/src/offsets")).Expect(HttpStatusCode.OK).GetProperty("offsets").EnumerateArray());

        // Resumed, the task starts from scratch (no stored offset).
        (await api.SendAsync(HttpMethod.Put, "/connectors/src/resume")).Expect(HttpStatusCode.Accepted);
        await scenario.WaitForTaskStateAsync("src", Runtime.Storage.WorkerState.Running);
    }

    [Fact]
    public async Task Sink_offsets_use_the_fixed_kafka_shape_and_are_altered_and_reset_through_the_consumer_group()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        using var api = RestApi.For(scenario);
        var (topic, sink) = await CreateSourceAndSinkAsync(scenario, api);

        var offsets = await WaitForOffsetsAsync(api, sink);
        var entry = Assert.Single(offsets.EnumerateArray());
        Assert.Equal(topic, entry.GetProperty("partition").GetProperty("kafka_topic").GetString());
        Assert.Equal(0, entry.GetProperty("partition").GetProperty("kafka_partition").GetInt32());
        Assert.True(entry.GetProperty("offset").GetProperty("kafka_offset").GetInt64() > 0);

        var alter = $$$"""{"offsets": [{"partition": {"kafka_topic": "{{{topic}}}", "kafka_partition": 0}, "offset": {"kafka_offset": 1}}]}""";
        (await api.SendAsync(HttpMethod.Patch, $"/connectors/{sink}/offsets", alter)).ExpectError(HttpStatusCode.BadRequest);
        (await api.SendAsync(HttpMethod.Put, $"/connectors/{sink}/stop")).Expect(HttpStatusCode.NoContent);

        Assert.Equal("The offsets for this connector have been altered successfully",
            (await api.SendAsync(HttpMethod.Patch, $"/connectors/{sink}/offsets", alter)).Expect(HttpStatusCode.OK).GetProperty("message").GetString());
        var after = Assert.Single((await api.GetAsync($"/connectors/{sink}/offsets")).Expect(HttpStatusCode.OK).GetProperty("offsets").EnumerateArray());
        Assert.Equal(1, after.GetProperty("offset").GetProperty("kafka_offset").GetInt64());

        // A partition not in the fixed shape names the field.
        Assert.Contains("kafka_partition", (await api.SendAsync(HttpMethod.Patch, $"/connectors/{sink}/offsets", $$$"""{"offsets": [{"partition": {"kafka_topic": "{{{topic}}}"}, "offset": {"kafka_offset": 1}}]}""")).ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);

        // A null offset removes the partition's committed offset.
        var remove = $$$"""{"offsets": [{"partition": {"kafka_topic": "{{{topic}}}", "kafka_partition": 0}, "offset": null}]}""";
        (await api.SendAsync(HttpMethod.Patch, $"/connectors/{sink}/offsets", remove)).Expect(HttpStatusCode.OK);
        Assert.Empty((await api.GetAsync($"/connectors/{sink}/offsets")).Expect(HttpStatusCode.OK).GetProperty("offsets").EnumerateArray());
        (await api.SendAsync(HttpMethod.Patch, $"/connectors/{sink}/offsets", alter)).Expect(HttpStatusCode.OK);

        Assert.Equal("The offsets for this connector have been reset successfully",
            (await api.SendAsync(HttpMethod.Delete, $"/connectors/{sink}/offsets")).Expect(HttpStatusCode.OK).GetProperty("message").GetString());
        Assert.Empty((await api.GetAsync($"/connectors/{sink}/offsets")).Expect(HttpStatusCode.OK).GetProperty("offsets").EnumerateArray());
    }

    [Fact]
    public async Task Active_topics_are_recorded_per_connector_and_reset()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        using var api = RestApi.For(scenario);
        var (topic, sink) = await CreateSourceAndSinkAsync(scenario, api);

        foreach (var name in new[] { "src", sink })
        {
            var until = DateTime.UtcNow.AddSeconds(60);
            while ((await api.GetAsync($"/connectors/{name}/topics")).Expect(HttpStatusCode.OK).GetProperty(name).GetProperty("topics").GetArrayLength() == 0)
            {
                Assert.True(DateTime.UtcNow < until, $"{name} never reported its topic");
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }

            var topics = (await api.GetAsync($"/connectors/{name}/topics")).Expect(HttpStatusCode.OK).GetProperty(name).GetProperty("topics");
            Assert.Equal([topic], topics.EnumerateArray().Select(t => t.GetString()));
        }

        // The status topic holds Kafka Connect's key and value.
        var records = scenario.ReadTopic(scenario.Topic("status"));
        Assert.Contains(records, r => r.Message.Key is { } key && System.Text.Encoding.UTF8.GetString(key) == $"topic-{topic}-connector-src"
            && JsonDocument.Parse(r.Message.Value!).RootElement.GetProperty("topic").GetProperty("connector").GetString() == "src");

        (await api.SendAsync(HttpMethod.Put, "/connectors/src/stop")).Expect(HttpStatusCode.NoContent);
        (await api.SendAsync(HttpMethod.Put, "/connectors/src/topics/reset")).Expect(HttpStatusCode.Accepted);
        Assert.Empty((await api.GetAsync("/connectors/src/topics")).Expect(HttpStatusCode.OK).GetProperty("src").GetProperty("topics").EnumerateArray());
        (await api.GetAsync("/connectors/nope/topics")).ExpectError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Plugins_are_listed_their_config_defined_and_configs_validated_field_by_field()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        using var api = RestApi.For(scenario);

        var connectors = (await api.GetAsync("/connector-plugins")).Expect(HttpStatusCode.OK).EnumerateArray().ToList();
        var fileSource = Assert.Single(connectors, p => p.GetProperty("class").GetString()!.EndsWith("FileStreamSourceConnector", StringComparison.Ordinal));
        Assert.Equal("source", fileSource.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(fileSource.GetProperty("version").GetString()));
        Assert.DoesNotContain(connectors, p => p.GetProperty("type").GetString() == "transformation");
        var all = (await api.GetAsync("/connector-plugins?connectorsOnly=false")).Expect(HttpStatusCode.OK).EnumerateArray().ToList();
        Assert.Contains(all, p => p.GetProperty("type").GetString() == "transformation");
        Assert.Contains(all, p => p.GetProperty("type").GetString() == "converter");

        var definition = (await api.GetAsync("/connector-plugins/SecretSourceConnector/config")).Expect(HttpStatusCode.OK).EnumerateArray().ToList();
        var password = Assert.Single(definition, d => d.GetProperty("name").GetString() == SecretSourceConnector.Secret);
        Assert.Equal("PASSWORD", password.GetProperty("type").GetString());
        Assert.True(password.GetProperty("required").GetBoolean());
        Assert.Equal("HIGH", password.GetProperty("importance").GetString());
        var tasksMax = Assert.Single(definition, d => d.GetProperty("name").GetString() == "tasks.max");
        Assert.Equal("1", tasksMax.GetProperty("default_value").GetString());
        Assert.Contains(definition, d => d.GetProperty("name").GetString() == "errors.tolerance");
        (await api.GetAsync("/connector-plugins/NoSuchConnector/config")).ExpectError(HttpStatusCode.NotFound);

        // Validate: a short secret, a bad tasks.max, a missing topic, an unknown transform type.
        var invalid = new Dictionary<string, string>
        {
            ["connector.class"] = "SecretSourceConnector", ["name"] = "v", [SecretSourceConnector.Secret] = "short", ["tasks.max"] = "zero",
            ["errors.tolerance"] = "all", ["transforms"] = "t1", ["transforms.t1.type"] = "NoSuchTransform",
        };
        var result = (await api.SendJsonAsync(HttpMethod.Put, "/connector-plugins/SecretSourceConnector/config/validate", invalid)).Expect(HttpStatusCode.OK);
        Assert.EndsWith("SecretSourceConnector", result.GetProperty("name").GetString(), StringComparison.Ordinal);
        var configs = result.GetProperty("configs").EnumerateArray().ToDictionary(c => c.GetProperty("value").GetProperty("name").GetString()!, c => c);
        Assert.Equal(result.GetProperty("error_count").GetInt32(), configs.Values.Sum(c => c.GetProperty("value").GetProperty("errors").GetArrayLength()));
        Assert.NotEmpty(configs["tasks.max"].GetProperty("value").GetProperty("errors").EnumerateArray());
        Assert.NotEmpty(configs["topic"].GetProperty("value").GetProperty("errors").EnumerateArray());
        Assert.NotEmpty(configs[SecretSourceConnector.Secret].GetProperty("value").GetProperty("errors").EnumerateArray());
        Assert.Equal("[hidden]", configs[SecretSourceConnector.Secret].GetProperty("value").GetProperty("value").GetString());
        Assert.NotEmpty(configs["transforms.t1.type"].GetProperty("value").GetProperty("errors").EnumerateArray());
        Assert.NotEmpty(configs["transforms.t1.type"].GetProperty("value").GetProperty("recommended_values").EnumerateArray());
        Assert.Empty(configs["errors.tolerance"].GetProperty("value").GetProperty("errors").EnumerateArray());
        Assert.Contains("Common", result.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.DoesNotContain("short", result.ToString().Replace("\"short\"", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var valid = SourceConfig(scenario.Topic("t"));
        valid["name"] = "v";
        Assert.Equal(0, (await api.SendJsonAsync(HttpMethod.Put, "/connector-plugins/SecretSourceConnector/config/validate", valid)).Expect(HttpStatusCode.OK).GetProperty("error_count").GetInt32());
        valid["connector.class"] = "FileStreamSinkConnector";
        (await api.SendJsonAsync(HttpMethod.Put, "/connector-plugins/SecretSourceConnector/config/validate", valid)).ExpectError(HttpStatusCode.BadRequest);

        // Creating with an invalid config → 400 listing the errors, without the secret.
        var message = (await api.SendJsonAsync(HttpMethod.Post, "/connectors", new { name = "bad", config = new Dictionary<string, string> { ["connector.class"] = "SecretSourceConnector", [SecretSourceConnector.Secret] = "tiny" } })).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("topic", message, StringComparison.Ordinal);
        Assert.DoesNotContain("tiny", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logger_levels_are_listed_read_and_changed()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        using var api = RestApi.For(scenario);

        var loggers = (await api.GetAsync("/admin/loggers")).Expect(HttpStatusCode.OK);
        Assert.Equal("INFO", loggers.GetProperty("root").GetProperty("level").GetString());
        Assert.True(loggers.TryGetProperty("DeltaConnect.Herder", out _));

        var affected = (await api.SendAsync(HttpMethod.Put, "/admin/loggers/DeltaConnect", """{"level": "WARN"}""")).Expect(HttpStatusCode.OK);
        Assert.Contains("DeltaConnect.Herder", affected.EnumerateArray().Select(a => a.GetString()));
        var herder = (await api.GetAsync("/admin/loggers/DeltaConnect.Herder")).Expect(HttpStatusCode.OK);
        Assert.Equal("WARN", herder.GetProperty("level").GetString());
        Assert.True(herder.GetProperty("last_modified").GetInt64() > 0);

        (await api.SendAsync(HttpMethod.Put, "/admin/loggers/DeltaConnect.Herder?scope=cluster", """{"level": "debug"}""")).Expect(HttpStatusCode.NoContent);
        Assert.Equal("DEBUG", (await api.GetAsync("/admin/loggers/DeltaConnect.Herder")).Expect(HttpStatusCode.OK).GetProperty("level").GetString());
        Assert.Equal("WARN", (await api.GetAsync("/admin/loggers/DeltaConnect")).Expect(HttpStatusCode.OK).GetProperty("level").GetString());

        Assert.Contains("LOUD", (await api.SendAsync(HttpMethod.Put, "/admin/loggers/root", """{"level": "LOUD"}""")).ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("level", (await api.SendAsync(HttpMethod.Put, "/admin/loggers/root", """{"lvl": "INFO"}""")).ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        (await api.GetAsync("/admin/loggers/No.Such.Logger")).ExpectError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_requests_get_the_error_body_with_the_right_status()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers, new() { ["rest.request.max.bytes"] = "4096" });
        using var api = RestApi.For(scenario);

        Assert.Contains("/nowhere", (await api.GetAsync("/nowhere")).ExpectError(HttpStatusCode.NotFound), StringComparison.Ordinal);
        (await api.SendAsync(HttpMethod.Delete, "/connector-plugins")).ExpectError(HttpStatusCode.MethodNotAllowed);
        (await api.SendAsync(HttpMethod.Post, "/connectors", "name=x", "text/plain")).ExpectError(HttpStatusCode.UnsupportedMediaType);
        var malformed = (await api.SendAsync(HttpMethod.Post, "/connectors", "{\"name\": \"x\",\n \"config\": {\"a\": }}")).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("line 2", malformed, StringComparison.Ordinal);
        Assert.Contains("config", (await api.SendAsync(HttpMethod.Post, "/connectors", """{"name": "x"}""")).ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("connector.class", (await api.SendAsync(HttpMethod.Post, "/connectors", """{"name": "x", "config": {}}""")).ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("UnknownThing", (await api.SendAsync(HttpMethod.Post, "/connectors", """{"name": "x", "config": {"connector.class": "UnknownThing"}}""")).ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("doesn't match", (await api.SendAsync(HttpMethod.Put, "/connectors/x/config", """{"name": "y", "connector.class": "SecretSource"}""")).ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        (await api.SendAsync(HttpMethod.Put, "/connectors/x/config", """["not", "an", "object"]""")).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("4096", (await api.SendAsync(HttpMethod.Put, "/connectors/x/config", "{\"a\": \"" + new string('x', 10_000) + "\"}")).ExpectError(HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
        (await api.GetAsync("/connectors?expand=everything")).ExpectError(HttpStatusCode.BadRequest);
    }

    internal static Dictionary<string, string> SourceConfig(string topic) => new()
    {
        ["connector.class"] = "SecretSourceConnector",
        ["topic"] = topic,
        [SecretSourceConnector.Secret] = Secret,
    };

    private static async Task<JsonElement> WaitForOffsetsAsync(RestApi api, string connector)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var offsets = (await api.GetAsync($"/connectors/{connector}/offsets")).Expect(HttpStatusCode.OK).GetProperty("offsets");
            if (offsets.GetArrayLength() > 0)
            {
                return offsets;
            }

            Assert.True(DateTime.UtcNow < until, $"{connector} has no offsets after 60 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Creates "src" (a file source writing to a topic of the scenario) and a file sink reading it; returns the topic and the sink's name.</summary>
    private static async Task<(string Topic, string Sink)> CreateSourceAndSinkAsync(WorkerScenario scenario, RestApi api)
    {
        var topic = scenario.Topic("t");
        (await api.SendJsonAsync(HttpMethod.Post, "/connectors", new { name = "src", config = SourceConfig(topic) })).Expect(HttpStatusCode.Created);
        var sinkConfig = new Dictionary<string, string> { ["connector.class"] = "FileStreamSinkConnector", ["topics"] = topic, ["file"] = scenario.Path("sink.txt") };
        // The consumer group connect-<name> lives on the shared broker: a name of this scenario's own.
        var sink = scenario.Id + "-sink";
        (await api.SendJsonAsync(HttpMethod.Post, "/connectors", new { name = sink, config = sinkConfig })).Expect(HttpStatusCode.Created);
        return (topic, sink);
    }
}
