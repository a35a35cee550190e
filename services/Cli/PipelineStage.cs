namespace CustomerStream.Cli;

/// <summary>One consuming stage of the pipeline: its consumer group, the topics it reads, and whether it keeps state (a changelog).</summary>
internal sealed record PipelineStage(string Name, string GroupId, IReadOnlyList<string> Topics, bool Stateful = false);
