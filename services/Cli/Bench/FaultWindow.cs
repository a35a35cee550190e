namespace CustomerStream.Cli.Bench;

/// <summary>
/// The feed's figures around one fault: freshness of the orders accepted while it lasted, how long after it ended the
/// last of them reached the marts (catch-up), and freshness of the orders accepted in the settle period after it.
/// </summary>
internal sealed record FaultWindow(
    string Fault,
    string What,
    TimeSpan Held,
    int OrdersDuring,
    IReadOnlyList<TimeSpan> During,
    TimeSpan CatchUp,
    int OrdersAfter,
    IReadOnlyList<TimeSpan> After,
    int Retried,
    IReadOnlyList<string> Notes)
{
    /// <summary>Cuts the feed's samples at a fault's start, end and the end of the settle period after it.</summary>
    /// <param name="fault">The fault's short name.</param>
    /// <param name="what">What it did, for people.</param>
    /// <param name="samples">Every accepted order of the feed.</param>
    /// <param name="start">When the fault began (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</param>
    /// <param name="end">When it was lifted.</param>
    /// <param name="settled">When the settle period after it ended.</param>
    /// <param name="notes">What else happened (a service that stopped on its own, connections dropped).</param>
    public static FaultWindow Of(string fault, string what, IReadOnlyList<FeedSample> samples, long start, long end, long settled, IReadOnlyList<string> notes)
    {
        var during = samples.Where(s => s.Accepted >= start && s.Accepted < end).ToList();
        var after = samples.Where(s => s.Accepted >= end && s.Accepted < settled).ToList();
        // Orders accepted up to the fault's end: the last of them in the marts is when the pipeline had caught up.
        var lastSeen = samples.Where(s => s.Accepted < end && s.Seen is not null).Select(s => s.Seen!.Value).DefaultIfEmpty(end).Max();
        return new FaultWindow(
            fault,
            what,
            System.Diagnostics.Stopwatch.GetElapsedTime(start, end),
            during.Count,
            Sorted(during),
            lastSeen > end ? System.Diagnostics.Stopwatch.GetElapsedTime(end, lastSeen) : TimeSpan.Zero,
            after.Count,
            Sorted(after),
            samples.Count(s => s.Retried && s.Accepted >= start && s.Accepted < settled),
            notes);
    }

    private static List<TimeSpan> Sorted(List<FeedSample> samples) =>
        samples.Where(s => s.Freshness is not null).Select(s => s.Freshness!.Value).Order().ToList();
}
