using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest.Tests;

public sealed class TimestampParserTests
{
    private static readonly SourceProfile Utc = SourceProfile.Default;
    private static readonly SourceProfile NewYorkUs = new(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), true, null);
    private static readonly SourceProfile Berlin = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), false, null);

    [Theory]
    [InlineData("2024-03-05T14:30:00Z", "2024-03-05T14:30:00.000Z")]
    [InlineData("2024-03-05T14:30:00z", "2024-03-05T14:30:00.000Z")]
    [InlineData("2024-03-05T14:30:00+01:00", "2024-03-05T13:30:00.000Z")]
    [InlineData("2024-03-05T14:30:00-0500", "2024-03-05T19:30:00.000Z")]
    [InlineData("2024-03-05 14:30:00+02", "2024-03-05T12:30:00.000Z")]
    [InlineData("2024-03-05T14:30+05:30", "2024-03-05T09:00:00.000Z")]
    [InlineData("2024-03-05T14:30:00.123Z", "2024-03-05T14:30:00.123Z")]
    [InlineData("2024-03-05T14:30:00.123456789Z", "2024-03-05T14:30:00.123Z")]
    [InlineData("2024-03-05T14:30:00,5Z", "2024-03-05T14:30:00.500Z")]
    [InlineData("2024-03-01T00:30:00+01:00", "2024-02-29T23:30:00.000Z")]
    [InlineData("  2024-03-05T14:30:00Z  ", "2024-03-05T14:30:00.000Z")]
    public void Iso_8601_with_offset_is_converted_to_utc(string text, string expected) => AssertParses(text, Utc, expected);

    [Theory]
    [InlineData("2024-03-05T14:30:00", "2024-03-05T14:30:00.000Z")]
    [InlineData("2024-03-05 14:30", "2024-03-05T14:30:00.000Z")]
    [InlineData("2024-03-05", "2024-03-05T00:00:00.000Z")]
    public void Iso_8601_without_offset_is_read_in_utc_by_default(string text, string expected) => AssertParses(text, Utc, expected);

    [Theory]
    [InlineData("2024-01-15T09:00:00", "2024-01-15T14:00:00.000Z")]
    [InlineData("2024-07-15T09:00:00", "2024-07-15T13:00:00.000Z")]
    [InlineData("2024-01-15", "2024-01-15T05:00:00.000Z")]
    public void Iso_8601_without_offset_is_read_in_the_source_time_zone(string text, string expected) => AssertParses(text, NewYorkUs, expected);

    [Fact]
    public void A_date_east_of_utc_can_fall_into_the_previous_utc_day() => AssertParses("2024-03-01", Berlin, "2024-02-29T23:00:00.000Z");

    [Fact]
    public void A_local_time_in_the_spring_forward_gap_is_read_with_the_standard_offset() =>
        AssertParses("2024-03-10T02:30:00", NewYorkUs, "2024-03-10T07:30:00.000Z");

    [Fact]
    public void An_ambiguous_local_time_in_the_fall_back_overlap_is_read_as_standard_time() =>
        AssertParses("2024-11-03T01:30:00", NewYorkUs, "2024-11-03T06:30:00.000Z");

    [Theory]
    [InlineData("03/05/2024", "2024-03-05T05:00:00.000Z")]
    [InlineData("3/5/2024", "2024-03-05T05:00:00.000Z")]
    [InlineData("12/31/2023 23:15", "2024-01-01T04:15:00.000Z")]
    [InlineData("07/04/2024 09:15:30", "2024-07-04T13:15:30.000Z")]
    [InlineData("3/5/2024 2:15 PM", "2024-03-05T19:15:00.000Z")]
    [InlineData("3/5/2024 12:05 am", "2024-03-05T05:05:00.000Z")]
    public void Us_dates_are_month_first_for_sources_configured_as_us(string text, string expected) => AssertParses(text, NewYorkUs, expected);

    [Theory]
    [InlineData("05.03.2024", "2024-03-05T00:00:00.000Z")]
    [InlineData("5.3.2024", "2024-03-05T00:00:00.000Z")]
    [InlineData("05.03.2024 14:30", "2024-03-05T14:30:00.000Z")]
    [InlineData("31.12.2023 23:59:59", "2023-12-31T23:59:59.000Z")]
    public void Dotted_dates_are_day_first(string text, string expected) => AssertParses(text, Utc, expected);

    [Fact]
    public void Dotted_dates_are_read_in_the_source_time_zone() => AssertParses("05.03.2024 14:30", Berlin, "2024-03-05T13:30:00.000Z");

    [Theory]
    [InlineData("1709649000", "2024-03-05T14:30:00.000Z")]
    [InlineData("1709649000123", "2024-03-05T14:30:00.123Z")]
    [InlineData("1709649000.25", "2024-03-05T14:30:00.250Z")]
    [InlineData("946684800", "2000-01-01T00:00:00.000Z")]
    [InlineData("99999999999", "5138-11-16T09:46:39.000Z")]
    public void Unix_epoch_is_seconds_below_ten_to_the_eleven_and_milliseconds_above(string text, string expected)
    {
        var ok = TimestampParser.TryParse(text, Utc, out var utc, out var problem);
        if (expected.StartsWith("5138", StringComparison.Ordinal))
        {
            // Eleven digits are seconds by magnitude, which is beyond the accepted range: refused, not misread as milliseconds.
            Assert.False(ok);
            Assert.Contains("out of range", problem);
            return;
        }

        Assert.True(ok, problem);
        Assert.Equal(expected, utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
    }

    [Fact]
    public void Epoch_results_do_not_depend_on_the_source_time_zone() => AssertParses("1709649000", NewYorkUs, "2024-03-05T14:30:00.000Z");

    [Fact]
    public void Results_are_utc_and_truncated_to_milliseconds()
    {
        Assert.True(TimestampParser.TryParse("2024-03-05T14:30:00.1239Z", Utc, out var utc, out _));
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(0, utc.Ticks % TimeSpan.TicksPerMillisecond);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("yesterday", "none of the accepted formats")]
    [InlineData("2024-13-01", "calendar date")]
    [InlineData("2024-02-30", "calendar date")]
    [InlineData("2023-02-29", "calendar date")]
    [InlineData("2024-03-05T25:00:00Z", "time of day out of range")]
    [InlineData("2024-03-05T14:61:00Z", "time of day out of range")]
    [InlineData("2024-03-05T14:30:00+25:00", "offset")]
    [InlineData("2024-03-05T14:30:00 UTC", "offset")]
    [InlineData("2024-03-05X14:30", "ISO")]
    [InlineData("2024-3-5", "ISO")]
    [InlineData("03/05/2024", "only from sources configured as US")]
    [InlineData("32.01.2024", "calendar date")]
    [InlineData("05.03.24", "dd.MM.yyyy")]
    [InlineData("20240305", "too small for a unix epoch")]
    [InlineData("2024", "too small for a unix epoch")]
    [InlineData("12345678901234", "too large")]
    [InlineData("1709649000123.5", "fraction")]
    [InlineData("-1709649000", "none of the accepted formats")]
    [InlineData("1850-01-01", "out of range")]
    [InlineData("2300-01-01T00:00:00Z", "out of range")]
    [InlineData("0001-01-01T00:00:00+14:00", "out of range")]
    [InlineData("9999-12-31T23:59:59-14:00", "out of range")]
    [InlineData("Tue, 05 Mar 2024 14:30:00 GMT", "none of the accepted formats")]
    public void Bad_timestamp_shapes_are_refused_with_a_reason(string text, string reasonPart)
    {
        Assert.False(TimestampParser.TryParse(text, Utc, out _, out var problem));
        Assert.Contains(reasonPart, problem, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("13/05/2024")]
    [InlineData("02/30/2024")]
    [InlineData("3/5/24")]
    [InlineData("3/5/2024 13:00 PM")]
    [InlineData("3/5/2024 2:15 XM")]
    public void Impossible_us_dates_are_refused(string text) => Assert.False(TimestampParser.TryParse(text, NewYorkUs, out _, out _));

    private static void AssertParses(string text, SourceProfile profile, string expectedUtc)
    {
        Assert.True(TimestampParser.TryParse(text, profile, out var utc, out var problem), problem);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(expectedUtc, utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
    }
}
