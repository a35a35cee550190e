namespace CustomerStream.Cli;

/// <summary>One consuming stage of the pipeline: its consumer group and the topics it reads.</summary>
internal sealed record PipelineStage(string Name, string GroupId, IReadOnlyList<string> Topics);
