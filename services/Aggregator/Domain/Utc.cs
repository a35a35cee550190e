namespace CustomerStream.Aggregator.Domain;

/// <summary>Facts carry UTC instants; Avro hands them over as Utc or Unspecified kinds. Normalize once.</summary>
internal static class Utc
{
    public static DateTime Of(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };

    public static DateTime? Nullable(DateTime? t) => t is { } v ? Of(v) : null;
}
