namespace CustomerStream.Cli.Bench;

/// <summary>How <c>bench --faults</c> runs: the sample, the feed's rate, how long each fault lasts, the quiet after it, and which faults (all when empty).</summary>
internal sealed record FaultBenchOptions(int Customers, int Seed, int Rate, TimeSpan Hold, TimeSpan Settle, IReadOnlyList<string> Only);
