namespace CustomerStream.Kafka.Faults;

/// <summary>
/// The back-off every stage uses while a dependency is away (the Schema Registry, PostgreSQL, a broker): a quarter
/// second, doubling with each failed attempt, capped. One rule, so that every stage waits out an outage alike.
/// </summary>
public static class RetryBackoff
{
    /// <summary>The longest wait between two attempts unless a caller asks for another.</summary>
    public static TimeSpan DefaultMax { get; } = TimeSpan.FromSeconds(30);

    /// <summary>250 ms × 2^(<paramref name="attempt"/> − 1), at most <paramref name="max"/> (default <see cref="DefaultMax"/>).</summary>
    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="max">The cap.</param>
    public static TimeSpan Delay(int attempt, TimeSpan? max = null)
    {
        var cap = (max ?? DefaultMax).TotalMilliseconds;
        return TimeSpan.FromMilliseconds(Math.Min(cap, 250 * Math.Pow(2, Math.Clamp(attempt - 1, 0, 16))));
    }
}
