using System.Numerics;
using System.Text;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>Bucket hashing against the spec's own test values (Appendix B) and the time transforms around the epoch.</summary>
public sealed class PartitionTransformTests
{
    private static readonly long Micros20171116T223108 = (new DateTimeOffset(2017, 11, 16, 22, 31, 8, TimeSpan.Zero).UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    public static TheoryData<string, object, int> SpecHashes() => new()
    {
        { "int", 34, 2017239379 },
        { "long", 34L, 2017239379 },
        { "decimal(9, 2)", new BigInteger(1420), -500754589 }, // 14.20
        { "date", 17486, -653330422 }, // 2017-11-16
        { "time", ((22 * 3600L) + (31 * 60) + 8) * 1_000_000, -662762989 }, // 22:31:08
        { "timestamp", Micros20171116T223108, -2047944441 }, // 2017-11-16T22:31:08
        { "timestamptz", (new DateTimeOffset(2017, 11, 16, 14, 31, 8, TimeSpan.FromHours(-8)).UtcTicks - DateTime.UnixEpoch.Ticks) / 10, -2047944441 },
        { "string", "iceberg", 1210000089 },
        { "binary", new byte[] { 0, 1, 2, 3 }, -188683207 },
    };

    [Theory]
    [MemberData(nameof(SpecHashes))]
    public void Bucket_hash_matches_the_spec_test_values(string type, object value, int expected) =>
        Assert.Equal(expected, PartitionTransform.Hash(PrimitiveType.Parse(type), value));

    [Fact]
    public void Murmur3_of_raw_bytes_matches_the_spec_string_value() =>
        Assert.Equal(1210000089, Murmur3.Hash(Encoding.UTF8.GetBytes("iceberg")));

    [Fact]
    public void Bucket_takes_the_positive_hash_modulo_n()
    {
        var bucket16 = PartitionTransform.Parse("bucket[16]");
        Assert.Equal(3, bucket16.Apply(PrimitiveType.Int, 34)); // 2017239379 % 16
        Assert.Equal((-653330422 & int.MaxValue) % 7, new PartitionTransform(PartitionTransformKind.Bucket, 7).Apply(PrimitiveType.Date, 17486));
        Assert.Null(bucket16.Apply(PrimitiveType.Int, null));
    }

    [Fact]
    public void Time_transforms_count_from_the_epoch_and_round_down_before_it()
    {
        var justBefore = -1_000_000L; // 1969-12-31T23:59:59Z
        Assert.Equal([17486, 419686, 574, 47], Transforms(Micros20171116T223108));
        Assert.Equal([-1, -1, -1, -1], Transforms(justBefore));
        Assert.Equal(17486, PartitionTransform.Parse("day").Apply(PrimitiveType.Date, 17486));
        Assert.Equal(574, PartitionTransform.Parse("month").Apply(PrimitiveType.Date, 17486));

        static object?[] Transforms(long micros) =>
            [.. new[] { "day", "hour", "month", "year" }.Select(t => PartitionTransform.Parse(t).Apply(PrimitiveType.Timestamptz, micros))];
    }

    [Fact]
    public void Partition_terms_parse_as_in_Apache_s_sink_and_bad_terms_name_the_term()
    {
        var terms = PartitionSpec.ParseTerms("bucket(id, 4), day(ts), name , identity(region), hour(at)");
        Assert.Equal(["bucket[4]:id", "day:ts", "identity:name", "identity:region", "hour:at"], terms.Select(t => $"{t.Transform.Name}:{t.Column}"));

        var error = Assert.Throws<FormatException>(() => PartitionSpec.ParseTerms("bucket(id), day(ts)"));
        Assert.Contains("'bucket(id)'", error.Message, StringComparison.Ordinal);
        Assert.Contains("bucket takes (column, N)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transform_that_does_not_fit_the_column_type_is_rejected_naming_the_column()
    {
        var schema = new IcebergSchema(0, [new NestedField(1, "name", false, PrimitiveType.String)]);
        var error = Assert.Throws<FormatException>(() => PartitionSpec.Parse("day(name)", schema));
        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => PartitionSpec.Parse("bucket(missing, 2)", schema));
    }
}
