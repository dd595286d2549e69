using System.Text.Json.Nodes;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Sdk.Data;
using ConnectSchema = DeltaConnect.Sdk.Data.Schema;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>Connect schemas converted to Iceberg schemas and their JSON form (spec Appendix C).</summary>
public sealed class SchemaTests
{
    [Fact]
    public void Connect_schema_converts_to_iceberg_json_with_fresh_ids_top_level_fields_first()
    {
        var address = SchemaBuilder.Struct().Optional().Field("street", ConnectSchema.String).Build();
        var connect = SchemaBuilder.Struct()
            .Field("id", ConnectSchema.Int64)
            .Field("address", address)
            .Field("tags", SchemaBuilder.Array(ConnectSchema.String).Optional().Build())
            .Field("attrs", SchemaBuilder.Map(ConnectSchema.String, ConnectSchema.OptionalInt32).Build())
            .Field("price", ConnectDecimal.Schema(2))
            .Field("small", ConnectSchema.OptionalInt8)
            .Field("day", ConnectDate.Schema)
            .Field("time", ConnectTime.Schema)
            .Field("at", ConnectTimestamp.Schema)
            .Field("raw", ConnectSchema.OptionalBytes)
            .Build();

        var schema = ConnectSchemaConverter.ToIceberg(connect);

        var expected = JsonNode.Parse("""
            {"type":"struct","schema-id":0,"fields":[
              {"id":1,"name":"id","required":true,"type":"long"},
              {"id":2,"name":"address","required":false,"type":{"type":"struct","fields":[{"id":11,"name":"street","required":true,"type":"string"}]}},
              {"id":3,"name":"tags","required":false,"type":{"type":"list","element-id":12,"element":"string","element-required":true}},
              {"id":4,"name":"attrs","required":true,"type":{"type":"map","key-id":13,"key":"string","value-id":14,"value":"int","value-required":false}},
              {"id":5,"name":"price","required":true,"type":"decimal(38, 2)"},
              {"id":6,"name":"small","required":false,"type":"int"},
              {"id":7,"name":"day","required":true,"type":"date"},
              {"id":8,"name":"time","required":true,"type":"time"},
              {"id":9,"name":"at","required":true,"type":"timestamptz"},
              {"id":10,"name":"raw","required":false,"type":"binary"}]}
            """)!;
        Assert.True(JsonNode.DeepEquals(expected, schema.ToJson()), schema.ToJsonString());
        Assert.Equal(14, schema.HighestFieldId);
        Assert.Equal(schema.ToJsonString(), IcebergSchema.FromJson(JsonNode.Parse(schema.ToJsonString())!.AsObject()).ToJsonString());
    }
}
