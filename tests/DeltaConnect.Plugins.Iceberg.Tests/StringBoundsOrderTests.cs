using System.Text;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>String bounds are ordered like their UTF-8 bytes (the spec's order), though compared without encoding.</summary>
public sealed class StringBoundsOrderTests
{
    [Fact]
    public void Strings_compare_in_the_order_of_their_UTF8_bytes_including_characters_beyond_the_BMP()
    {
        string[] samples = ["", "a", "ab", "b", "Z", "é", "\u00ff", "\u07ff", "\u0800", "\ud7ff", "\ue000", "\uffef", "\ufffd", "😀", "😀a", "𝄞", "a😀", "a\ue000"];
        foreach (var a in samples)
        {
            foreach (var b in samples)
            {
                var expected = Math.Sign(Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));
                Assert.True(expected == Math.Sign(IcebergValues.CompareUtf8(a, b)), $"'{a}' vs '{b}': UTF-8 order {expected}, CompareUtf8 {IcebergValues.CompareUtf8(a, b)}");
            }
        }
    }
}
