using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.TestPlugins.Json;

/// <summary>Replaces a record's value by its JSON and adds a <c>json.library.version</c> header naming the Newtonsoft.Json used.</summary>
public abstract class JsonSerializingTransformation : Transformation
{
    public override ConfigDef Config { get; } = new();

    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
    }

    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var headers = record.Headers.Duplicate().AddString("json.library.version", JsonLibrary.Version);
        return record.NewRecord(record.Topic, record.KafkaPartition, record.KeySchema, record.Key, Schema.String, JsonLibrary.Serialize(record.Value), record.Timestamp, headers);
    }
}
