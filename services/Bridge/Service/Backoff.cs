namespace CustomerStream.Bridge.Service;

/// <summary>The bridge's wait between attempts while a dependency is away: a quarter second, doubling, capped.</summary>
internal static class Backoff
{
    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based): 250 ms × 2^(attempt − 1), at most <paramref name="max"/>.</summary>
    public static TimeSpan After(int attempt, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, 250 * Math.Pow(2, Math.Clamp(attempt - 1, 0, 16))));
}
