namespace CustomerStream.Customer360.Pipeline;

/// <summary>
/// One stage the pipeline view shows: a consumer group and the topics it reads, or (without a group) a stage
/// that only writes, such as ingest, whose topics' growth is its throughput.
/// </summary>
public sealed record PipelineStageDefinition(string Name, string? GroupId, IReadOnlyList<string> Topics);
