namespace CustomerStream.Benchmarks.Streamiz;

/// <summary>How Streamiz is run: stream threads, commit interval, records per restore poll (its default is 1,000).</summary>
public sealed record StreamizSettings(int Threads, int CommitIntervalMs, int MaxPollRestoringRecords = 1_000)
{
    public override string ToString() =>
        $"streamiz ({Threads} thread{(Threads == 1 ? "" : "s")}, commit {CommitIntervalMs / 1000.0:0.#} s)";
}
