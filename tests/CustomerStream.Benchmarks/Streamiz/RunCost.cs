namespace CustomerStream.Benchmarks.Streamiz;

/// <summary>What a run cost: wall time, CPU time, managed bytes allocated, peak working set above the start.</summary>
public sealed record RunCost(TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes, long PeakWorkingSetGrowth);
