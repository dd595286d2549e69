using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Worker.Tests.TestPlugins;

/// <summary>A transform that rejects records whose struct field <c>seq</c> is a multiple of <c>every</c> (poison records).</summary>
public sealed class FailOnMultiple : Transformation
{
    private long _every = 100;

    public override ConfigDef Config { get; } = new ConfigDef().Define("every", ConfigType.Long, 100L, Importance.High, "Reject every n-th record.");

    public override void Configure(IReadOnlyDictionary<string, string> config) =>
        _every = config.TryGetValue("every", out var every) ? long.Parse(every, System.Globalization.CultureInfo.InvariantCulture) : 100;

    public override ConnectRecord? Apply(ConnectRecord record) =>
        record.Value is Struct value && value.GetInt64("seq") is { } seq && seq % _every == 0
            ? throw new DataException($"poison record seq={seq}")
            : record;
}
