using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Worker.Tests.TestPlugins;

/// <summary>
/// A source with a password option (<c>api.password</c>) that produces a numbered record every 50 ms, resuming after
/// its stored offset: lets REST tests check that secrets never leave the worker, and exercise source offsets.
/// </summary>
public sealed class SecretSourceConnector : SingleTaskSourceConnector
{
    public const string Secret = "api.password";

    public static ConfigDef Definition { get; } = new ConfigDef()
        .Define("topic", ConfigType.String, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.High, "Topic to write to.", "Source", 1)
        .Define(Secret, ConfigType.Password, ConfigDef.NoDefaultValue, Validators.Lambda(v => v is string { Length: >= 8 } ? null : "at least 8 characters", "a secret of at least 8 characters"), Importance.High, "The API password.", "Source", 2);

    public override ConfigDef Config => Definition;

    public override SourceTask CreateTask() => new SecretTask();

    private sealed class SecretTask : SourceTask
    {
        private static readonly Dictionary<string, object?> Partition = new() { ["source"] = "secret" };
        private string _topic = "";
        private long _next;

        public override string Version => "1.0";

        public override async Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
        {
            _topic = config["topic"];
            var stored = await Context.OffsetStorageReader.OffsetAsync(Partition, cancellationToken);
            _next = stored?.GetValueOrDefault("n") is long n ? n + 1 : 0;
        }

        public override async ValueTask<IReadOnlyList<SourceRecord>> PollAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(50, cancellationToken);
            return [new SourceRecord(Partition, new Dictionary<string, object?> { ["n"] = _next }, _topic, Schema.Int64, _next++)];
        }

        public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
