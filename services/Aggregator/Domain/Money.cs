namespace CustomerStream.Aggregator.Domain;

/// <summary>Money is decimal with 4 decimals on the wire (Avro decimal(18,4)); derived values round half away from zero, like PostgreSQL's round(numeric, 4).</summary>
public static class Money
{
    public const int Scale = 4;

    public static decimal Round(decimal value) => Math.Round(value, Scale, MidpointRounding.AwayFromZero);
}
