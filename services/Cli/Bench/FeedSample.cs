namespace CustomerStream.Cli.Bench;

/// <summary>One accepted order of a feed.</summary>
/// <param name="Accepted">When the ingest API answered 202 (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</param>
/// <param name="Seen">When a look first found it in the marts, or null if none did.</param>
/// <param name="Retried">Whether its batch had to be sent more than once.</param>
internal sealed record FeedSample(long Accepted, long? Seen, bool Retried)
{
    /// <summary>Accepted to seen, for a seen order.</summary>
    public TimeSpan? Freshness => Seen is { } seen ? System.Diagnostics.Stopwatch.GetElapsedTime(Accepted, seen) : null;
}
