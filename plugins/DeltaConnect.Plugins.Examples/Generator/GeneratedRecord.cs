using System.Globalization;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Plugins.Examples.Generator;

/// <summary>The schema and values of generated records, derived from the sequence number alone.</summary>
public static class GeneratedRecord
{
    /// <summary>The value schema.</summary>
    public static Schema ValueSchema { get; } = SchemaBuilder.Struct().Name("deltaconnect.examples.Generated").Version(1)
        .Field("seq", Schema.Int64)
        .Field("name", Schema.String)
        .Field("score", Schema.Int32)
        .Field("created", ConnectTimestamp.Schema)
        .Build();

    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The key of record <paramref name="seq"/>.</summary>
    public static string Key(long seq) => "key-" + seq.ToString(CultureInfo.InvariantCulture);

    /// <summary>The value of record <paramref name="seq"/>.</summary>
    public static Struct Value(long seq, int padding = 0) => new Struct(ValueSchema)
        .Put("seq", seq)
        .Put("name", "name-" + seq.ToString(CultureInfo.InvariantCulture) + (padding > 0 ? new string('x', padding) : ""))
        .Put("score", (int)(seq * 7 % 1000))
        .Put("created", Origin.AddSeconds(seq));
}
