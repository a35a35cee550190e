namespace CustomerStream.Benchmarks.Streamiz;

/// <summary>A fresh instance rebuilding its state from the changelog: records restored in how long.</summary>
public sealed record RestoreRun(string Engine, long Restored, TimeSpan Duration)
{
    public double PerSecond => Restored / Math.Max(Duration.TotalSeconds, 0.001);
}
