namespace CustomerStream.Projection.Service;

/// <summary>The projection's back-off while a dependency is away: a quarter second, doubling, capped.</summary>
internal static class RetryDelay
{
    /// <summary>250 ms × 2^<paramref name="doublings"/>, at most <paramref name="max"/>.</summary>
    public static TimeSpan Exponential(int doublings, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, 250 * Math.Pow(2, Math.Clamp(doublings, 0, 16))));
}
