namespace CustomerStream.Benchmarks.Streamiz;

/// <summary>One engine's pass over the workload.</summary>
/// <param name="Engine">Which engine and settings.</param>
/// <param name="Records">Input records.</param>
/// <param name="Processed">Cost until every record went through the processor.</param>
/// <param name="Durable">Time until every record's effect was durable and its offset committed (ours: committed batches; Streamiz: the group's committed offsets).</param>
public sealed record EngineRun(string Engine, long Records, RunCost Processed, TimeSpan Durable)
{
    public double ProcessedPerSecond => Records / Processed.Elapsed.TotalSeconds;

    public double DurablePerSecond => Records / Durable.TotalSeconds;

    public double CpuMicrosecondsPerRecord => Processed.Cpu.TotalMicroseconds / Records;

    public double AllocatedBytesPerRecord => (double)Processed.AllocatedBytes / Records;
}
