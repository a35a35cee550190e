namespace CustomerStream.Generation;

/// <summary>The months a sample covers (UTC calendar months) and the time zones its sources write in.</summary>
internal sealed class SampleCalendar
{
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public SampleCalendar(DateOnly lastMonth, int months)
    {
        Months = months;
        LastMonth = new DateOnly(lastMonth.Year, lastMonth.Month, 1);
        FirstMonth = LastMonth.AddMonths(-(months - 1));
        Start = FirstMonth.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        End = LastMonth.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    }

    public int Months { get; }

    public DateOnly FirstMonth { get; }

    public DateOnly LastMonth { get; }

    /// <summary>First instant of the first month.</summary>
    public DateTime Start { get; }

    /// <summary>First instant after the last month.</summary>
    public DateTime End { get; }

    public DateTime MonthStart(int index) => Start.AddMonths(index);

    /// <summary>The month index of <paramref name="utc"/> (negative before the sample, ≥ <see cref="Months"/> after it).</summary>
    public int MonthOf(DateTime utc) => ((utc.Year - Start.Year) * 12) + utc.Month - Start.Month;

    /// <summary>The month file chunk a row with this time is written in.</summary>
    public int ChunkOf(DateTime utc) => Math.Clamp(MonthOf(utc), 0, Months - 1);

    /// <summary>A random instant (whole seconds) in month <paramref name="index"/>, away from the month's first and last day so local renderings stay in it.</summary>
    public DateTime InstantIn(SampleRandom random, int index)
    {
        var start = MonthStart(index).AddDays(1);
        var span = (MonthStart(index + 1).AddDays(-1) - start).TotalSeconds;
        return start.AddSeconds(Math.Floor(random.NextDouble() * span));
    }

    /// <summary>A random instant (whole seconds) in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static DateTime Between(SampleRandom random, DateTime from, DateTime to) =>
        to <= from ? from : from.AddSeconds(Math.Floor(random.NextDouble() * (to - from).TotalSeconds));

    public static string MonthKey(DateTime utc) => $"{utc.Year:D4}-{utc.Month:D2}";
}
