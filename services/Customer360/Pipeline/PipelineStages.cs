namespace CustomerStream.Customer360.Pipeline;

/// <summary>The stages the pipeline view shows, in pipeline order, and the topic that holds ingest's rejections.</summary>
public sealed record PipelineStages(IReadOnlyList<PipelineStageDefinition> Stages, string RejectedTopic);
