namespace CustomerStream.Customer360.Pipeline;

/// <summary>
/// One stage now and over the kept history. <paramref name="FreshnessSeconds"/>: how old the newest record is
/// that the stage has certainly processed everything before — 0 when it has caught up; null with
/// <paramref name="FreshnessAtLeastSeconds"/> when it has been behind for longer than the history reaches.
/// <paramref name="DeadLettered"/>: records the stage could not decode and sent, unchanged, to its dead-letter topic
/// <c>&lt;stage&gt;.dead-letter.v1</c> (replayed or not; <c>customerstream dead-letters</c> lists them); null for a
/// stage that has none (ingest rejects instead).
/// </summary>
public sealed record PipelineStageStatus(
    string Name,
    string? ConsumerGroup,
    IReadOnlyList<string> Topics,
    long Processed,
    long? Lag,
    double RecordsPerSecond,
    double? FreshnessSeconds,
    double? FreshnessAtLeastSeconds,
    long? DeadLettered,
    IReadOnlyList<PipelinePoint> History);
