namespace CustomerStream.Customer360.Pipeline;

/// <summary>A stage at one look: lag (records), throughput (records/s since the look before) and freshness (s).</summary>
public sealed record PipelinePoint(DateTimeOffset At, long? Lag, double RecordsPerSecond, double? FreshnessSeconds);
