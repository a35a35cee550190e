namespace CustomerStream.Cli.Bench;

/// <summary>
/// Finds the highest steady rate at which freshness p99 stays under a bound: doubles the rate from a start
/// until a probe misses the bound (or loses an order), then halves the interval between the last good and the
/// first bad rate a few times. Each probe feeds orders for a fixed time and waits until every one was seen.
/// </summary>
internal sealed class MaxRateSearch(Func<int, int, Task<FeedResult>> probe, TimeSpan bound, int probeSeconds)
{
    private const int StartRate = 1_000;
    private const int HighestRate = 128_000;
    private const int Refinements = 3;

    public async Task<(int BestRate, IReadOnlyList<(int Rate, FeedResult Result)> Probes)> RunAsync(Action<string> progress)
    {
        var probes = new List<(int Rate, FeedResult Result)>();
        int good = 0, bad = 0;
        for (var rate = StartRate; rate <= HighestRate; rate *= 2)
        {
            if (await TryAsync(rate, probes, progress))
            {
                good = rate;
            }
            else
            {
                bad = rate;
                break;
            }
        }

        for (var i = 0; i < Refinements && bad > 0 && bad - good > StartRate / 4; i++)
        {
            var middle = (good + bad) / 2;
            if (await TryAsync(middle, probes, progress))
            {
                good = middle;
            }
            else
            {
                bad = middle;
            }
        }

        return (good, probes);
    }

    private async Task<bool> TryAsync(int rate, List<(int Rate, FeedResult Result)> probes, Action<string> progress)
    {
        progress($"Looking for the highest rate with freshness p99 under {bound.TotalMilliseconds:N0} ms: {rate:N0} orders/s for {probeSeconds} s");
        var result = await probe(rate, probeSeconds);
        probes.Add((rate, result));
        return result.Missing == 0 && result.Percentile(99) < bound;
    }
}
