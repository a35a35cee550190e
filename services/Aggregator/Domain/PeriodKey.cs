using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Aggregator.Domain;

/// <summary>One customer-period row: a calendar period, for all business units (<c>null</c>) or one.</summary>
public readonly record struct PeriodKey(Period Period, string? BusinessUnit) : IComparable<PeriodKey>
{
    public Grain Grain => Period.Grain;

    /// <summary>By grain, then start, then business unit (all units first): the order in which rows are emitted.</summary>
    public int CompareTo(PeriodKey other)
    {
        // Grains compared as numbers: Enum.CompareTo would box them.
        var byGrain = ((int)Period.Grain).CompareTo((int)other.Period.Grain);
        if (byGrain != 0)
        {
            return byGrain;
        }

        var byStart = Period.Start.CompareTo(other.Period.Start);
        return byStart != 0 ? byStart : string.CompareOrdinal(BusinessUnit, other.BusinessUnit);
    }

    public override string ToString() => BusinessUnit is null ? Period.ToString() : $"{Period}/{BusinessUnit}";
}
