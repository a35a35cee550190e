namespace CustomerStream.Projection.Writing;

/// <summary>Normalizes instants from the contracts to UTC (timestamptz columns accept only UTC DateTimes).</summary>
internal static class Utc
{
    public static DateTime Of(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    public static DateTime? Of(DateTime? value) => value is { } v ? Of(v) : null;
}
