namespace CustomerStream.Contracts.Aggregate;

/// <summary>Calendar grain of a customer-period row (UTC calendar periods).</summary>
public enum Grain
{
    MONTH,
    QUARTER,
    YEAR,
}
