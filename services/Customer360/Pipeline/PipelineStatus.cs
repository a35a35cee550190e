namespace CustomerStream.Customer360.Pipeline;

/// <summary>
/// The pipeline as the console shows it. <paramref name="RejectedRecords"/>: records ingest refused (the
/// <c>ingest.rejected.v1</c> topic; each is in <c>mart.rejected_records</c> with its reason). A record a stage
/// cannot decode is dead-lettered (each stage's count); one it cannot apply yet is retried, so lag shows a stuck stage.
/// <paramref name="Error"/>: why the last look failed, when it did (the figures are then from the look before).
/// </summary>
public sealed record PipelineStatus(
    DateTimeOffset? SampledAt,
    int SampleSeconds,
    long RejectedRecords,
    double RejectedPerSecond,
    IReadOnlyList<PipelineStageStatus> Stages,
    string? Error);
