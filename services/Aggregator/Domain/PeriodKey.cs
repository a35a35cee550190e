using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Aggregator.Domain;

/// <summary>One customer-period row: a calendar period, for all business units (<c>null</c>) or one.</summary>
public readonly record struct PeriodKey(Period Period, string? BusinessUnit) : IComparable<PeriodKey>
{
    public Grain Grain => Period.Grain;

    public int CompareTo(PeriodKey other)
    {
        var byPeriod = Period.CompareTo(other.Period);
        return byPeriod != 0 ? byPeriod : string.CompareOrdinal(BusinessUnit, other.BusinessUnit);
    }

    public override string ToString() => BusinessUnit is null ? Period.ToString() : $"{Period}/{BusinessUnit}";
}
