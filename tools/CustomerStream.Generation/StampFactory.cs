using System.Globalization;

namespace CustomerStream.Generation;

/// <summary>
/// Writes timestamps the way each source of the sample does, and says what instant each text means
/// under the source configuration of the sample (<see cref="SampleGenerator.SourceConfiguration"/>):
/// the CRM writes US dates and local New York times without offset, the shop ISO-8601 with offsets,
/// plus Berlin-local legacy dates (<c>dd.MM.yyyy</c>, <c>yyyy-MM-dd</c>), web events unix epochs.
/// Local times are kept between 05:00 and 22:59, away from daylight-saving changes.
/// </summary>
internal static class StampFactory
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly TimeSpan[] ShopOffsets = [TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(-5), new(5, 30, 0)];

    /// <summary>Moves <paramref name="utc"/> so that its local time in <paramref name="zone"/> falls between 05:00 and 22:59.</summary>
    public static DateTime Daytime(DateTime utc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var shift = local.Hour < 5 ? 6 : local.Hour >= 23 ? -6 : 0;
        return utc.AddHours(shift);
    }

    /// <summary>A CRM timestamp: US date, with or without a time of day, in New York local time.</summary>
    public static Stamp Crm(SampleRandom random, DateTime utc, bool allowDateOnly = true)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(Daytime(utc, SampleCalendar.NewYork), SampleCalendar.NewYork);
        local = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second);
        var roll = random.Next(allowDateOnly ? 5 : 3);
        return roll switch
        {
            0 => Local(local, local.ToString("MM/dd/yyyy HH:mm", Invariant), SampleCalendar.NewYork, withSeconds: false),
            1 => Local(local, local.ToString("M/d/yyyy h:mm tt", Invariant), SampleCalendar.NewYork, withSeconds: false),
            2 => Local(local, local.ToString("yyyy-MM-dd'T'HH:mm:ss", Invariant), SampleCalendar.NewYork, withSeconds: true),
            3 => LocalDate(local, local.ToString("MM/dd/yyyy", Invariant), SampleCalendar.NewYork),
            _ => LocalDate(local, local.ToString("M/d/yyyy", Invariant), SampleCalendar.NewYork),
        };
    }

    /// <summary>A shop timestamp: ISO-8601 with an offset (the instant is exact to the second).</summary>
    public static Stamp ShopIso(SampleRandom random, DateTime utc)
    {
        var whole = new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var offset = random.Pick(ShopOffsets);
        var shifted = whole + offset;
        var text = offset == TimeSpan.Zero && random.Chance(0.5)
            ? shifted.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant)
            : shifted.ToString("yyyy-MM-dd'T'HH:mm:ss", Invariant) + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", Invariant);
        return new Stamp(whole, text);
    }

    /// <summary>A shop legacy date (Berlin midnight): <c>dd.MM.yyyy</c> or <c>yyyy-MM-dd</c>.</summary>
    public static Stamp ShopDate(SampleRandom random, DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, SampleCalendar.Berlin);
        return LocalDate(local, random.Chance(0.5) ? local.ToString("dd.MM.yyyy", Invariant) : local.ToString("yyyy-MM-dd", Invariant), SampleCalendar.Berlin);
    }

    /// <summary>A web timestamp: mostly epoch milliseconds, some epoch seconds, a few ISO-8601 strings.</summary>
    public static Stamp Web(SampleRandom random, DateTime utc)
    {
        var roll = random.NextDouble();
        if (roll < 0.7)
        {
            var ms = new DateTimeOffset(utc).ToUnixTimeMilliseconds();
            return new Stamp(DateTime.UnixEpoch.AddMilliseconds(ms), ms.ToString(Invariant), IsJsonNumber: true);
        }

        var seconds = new DateTimeOffset(utc).ToUnixTimeSeconds();
        var whole = DateTime.UnixEpoch.AddSeconds(seconds);
        return roll < 0.85
            ? new Stamp(whole, seconds.ToString(Invariant), IsJsonNumber: true)
            : roll < 0.95
                ? new Stamp(whole, whole.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant))
                : new Stamp(whole, seconds.ToString(Invariant));
    }

    private static Stamp Local(DateTime local, string text, TimeZoneInfo zone, bool withSeconds)
    {
        var exact = withSeconds ? local : new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0);
        return new Stamp(DateTime.SpecifyKind(exact - zone.GetUtcOffset(exact), DateTimeKind.Utc), text);
    }

    private static Stamp LocalDate(DateTime local, string text, TimeZoneInfo zone)
    {
        var midnight = local.Date;
        return new Stamp(DateTime.SpecifyKind(midnight - zone.GetUtcOffset(midnight), DateTimeKind.Utc), text);
    }
}
