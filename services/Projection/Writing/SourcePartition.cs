namespace CustomerStream.Projection.Writing;

/// <summary>A topic partition that a batch's records came from.</summary>
public readonly record struct SourcePartition(string Topic, int Partition);
