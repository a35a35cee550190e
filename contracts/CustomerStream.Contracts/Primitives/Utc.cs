namespace CustomerStream.Contracts.Primitives;

/// <summary>
/// Instants in the contracts are UTC, but Avro and the drivers hand them over as Utc or Unspecified kinds (and
/// PostgreSQL's timestamptz accepts only Utc): normalize once, at the edge that receives them.
/// </summary>
public static class Utc
{
    /// <summary>The same instant with kind Utc (an Unspecified value is taken to be UTC already).</summary>
    public static DateTime Of(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary><see cref="Of(DateTime)"/>, null staying null.</summary>
    public static DateTime? Of(DateTime? value) => value is { } v ? Of(v) : null;
}
