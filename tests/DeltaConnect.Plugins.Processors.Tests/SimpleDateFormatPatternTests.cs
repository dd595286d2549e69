using DeltaConnect.Plugins.Processors.Conversions;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class SimpleDateFormatPatternTests
{
    private static readonly DateTimeOffset Instant = new(2024, 3, 5, 14, 7, 9, 45, TimeSpan.Zero); // a Tuesday

    [Theory]
    [InlineData("yyyyMMdd", "20240305")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", "2024-03-05T14:07:09.045Z")]
    [InlineData("yy-M-d H:m:s", "24-3-5 14:7:9")]
    [InlineData("y", "2024")]
    [InlineData("M", "3")]
    [InlineData("d", "5")]
    [InlineData("MMM MMMM", "Mar March")]
    [InlineData("EEE EEEE", "Tue Tuesday")]
    [InlineData("hh:mm a", "02:07 PM")]
    [InlineData("yyyy-MM-dd HH:mm:ssZ", "2024-03-05 14:07:09+0000")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-03-05T14:07:09Z")]
    [InlineData("HH z", "14 UTC")]
    [InlineData("'quoted ''text''' yyyy", "quoted 'text' 2024")]
    [InlineData("dd/MM/yyyy % \\ \"", "05/03/2024 % \\ \"")]
    [InlineData("yyyyy", "02024")]
    [InlineData("", "")]
    public void Formats_in_utc_like_simple_date_format(string pattern, string expected)
    {
        Assert.Equal(expected, SimpleDateFormatPattern.Create(pattern, "format").Format(Instant));
    }

    [Fact]
    public void Formats_instants_with_an_offset_in_utc()
    {
        var pattern = SimpleDateFormatPattern.Create("yyyy-MM-dd HH:mm", "format");

        Assert.Equal("2024-03-05 12:00", pattern.Format(new DateTimeOffset(2024, 3, 5, 14, 0, 0, TimeSpan.FromHours(2))));
    }

    [Theory]
    [InlineData("yyyy-MM-dd HH:mm:ss.SSS", "2024-03-05 14:07:09.045")]
    [InlineData("yyyy-MM-dd HH:mm:ss.SSSZ", "2024-03-05 16:07:09.045+0200")]
    [InlineData("yyyy-MM-dd HH:mm:ss.SSSZ", "2024-03-05 16:07:09.045+02:00")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-03-05T14:07:09.045Z")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-03-05T09:07:09.045-05:00")]
    [InlineData("dd MMM yyyy HH:mm:ss.SSS z", "05 Mar 2024 14:07:09.045 UTC")]
    public void Parses_text_as_utc_unless_it_has_an_offset(string pattern, string text)
    {
        Assert.True(SimpleDateFormatPattern.Create(pattern, "format").TryParse(text, out var parsed));
        Assert.Equal(Instant, parsed);
    }

    [Theory]
    [InlineData("yyyy-MM-dd", "2024-03-05T14:07")]
    [InlineData("yyyy-MM-dd", "05/03/2024")]
    [InlineData("", "anything")]
    public void Text_that_does_not_match_the_whole_pattern_does_not_parse(string pattern, string text)
    {
        Assert.False(SimpleDateFormatPattern.Create(pattern, "format").TryParse(text, out _));
    }

    [Theory]
    [InlineData("bad-format")]
    [InlineData("YYYY")]
    [InlineData("ww")]
    [InlineData("D")]
    [InlineData("kk")]
    [InlineData("zzzz")]
    [InlineData("ss.S")]
    [InlineData("ss.SSSSSS")]
    [InlineData("ddd")]
    [InlineData("'unterminated")]
    public void Unsupported_patterns_are_config_errors_naming_the_option(string pattern)
    {
        var error = Assert.Throws<ConfigException>(() => SimpleDateFormatPattern.Create(pattern, "timestamp.format"));

        Assert.Equal("timestamp.format", error.Name);
    }

    [Fact]
    public void The_error_for_an_unsupported_letter_lists_the_supported_ones()
    {
        var error = Assert.Throws<ConfigException>(() => SimpleDateFormatPattern.Create("YYYY", "format"));

        Assert.Contains(SimpleDateFormatPattern.SupportedLetters, error.Message, StringComparison.Ordinal);
    }
}
