using CustomerStream.Contracts.Aggregate;

namespace CustomerStream.Contracts.Primitives;

/// <summary>A calendar period in UTC: a month, quarter or year, identified by its first day.</summary>
public readonly record struct Period(Grain Grain, DateOnly Start) : IComparable<Period>
{
    /// <summary>The period of <paramref name="grain"/> that contains the instant <paramref name="utc"/>.</summary>
    public static Period Of(Grain grain, DateTime utc)
    {
        var t = utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc;
        return grain switch
        {
            Grain.MONTH => new Period(grain, new DateOnly(t.Year, t.Month, 1)),
            Grain.QUARTER => new Period(grain, new DateOnly(t.Year, ((t.Month - 1) / 3 * 3) + 1, 1)),
            Grain.YEAR => new Period(grain, new DateOnly(t.Year, 1, 1)),
            _ => throw new ArgumentOutOfRangeException(nameof(grain), grain, null),
        };
    }

    /// <summary>The periods of every grain that contain <paramref name="utc"/>: month, quarter, year.</summary>
    public static (Period Month, Period Quarter, Period Year) AllOf(DateTime utc) =>
        (Of(Grain.MONTH, utc), Of(Grain.QUARTER, utc), Of(Grain.YEAR, utc));

    /// <summary>Number of months in a period of this grain.</summary>
    public int LengthInMonths => Grain switch
    {
        Grain.MONTH => 1,
        Grain.QUARTER => 3,
        _ => 12,
    };

    /// <summary>First day after the period.</summary>
    public DateOnly EndExclusive => Start.AddMonths(LengthInMonths);

    public Period Next() => this with { Start = EndExclusive };

    public Period Previous() => this with { Start = Start.AddMonths(-LengthInMonths) };

    /// <summary>Calendar months from <paramref name="from"/> to <paramref name="to"/> (both first days of months).</summary>
    public static int MonthsBetween(DateOnly from, DateOnly to) => ((to.Year - from.Year) * 12) + to.Month - from.Month;

    public int CompareTo(Period other) =>
        Grain != other.Grain ? Grain.CompareTo(other.Grain) : Start.CompareTo(other.Start);

    public override string ToString() => Grain switch
    {
        Grain.MONTH => $"{Start:yyyy-MM}",
        Grain.QUARTER => $"{Start.Year}-Q{((Start.Month - 1) / 3) + 1}",
        _ => $"{Start.Year}",
    };
}
