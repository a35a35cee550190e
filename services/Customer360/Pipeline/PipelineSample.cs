namespace CustomerStream.Customer360.Pipeline;

/// <summary>One look at the cluster: per stage (in definition order) its position, and the rejected records so far.</summary>
internal sealed record PipelineSample(DateTimeOffset At, IReadOnlyList<StagePosition> Stages, long Rejected);
