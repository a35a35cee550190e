using CustomerStream.Contracts.Aggregate;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>Row keys by name: <c>Keys.Month("2024-03")</c>, <c>Keys.Quarter("2024-04", "b2b")</c>.</summary>
public static class Keys
{
    public static RowKey Month(string yearMonth, string? businessUnit = null) => new(Grain.MONTH, T.Of(yearMonth + "-01"), businessUnit);

    public static RowKey Quarter(string firstMonth, string? businessUnit = null) => new(Grain.QUARTER, T.Of(firstMonth + "-01"), businessUnit);

    public static RowKey Year(string year, string? businessUnit = null) => new(Grain.YEAR, T.Of(year + "-01-01"), businessUnit);
}
