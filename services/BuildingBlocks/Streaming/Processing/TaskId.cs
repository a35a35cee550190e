namespace CustomerStream.Streaming.Processing;

/// <summary>
/// A unit of parallelism: partition <see cref="Partition"/> of every input topic, with partition
/// <see cref="Partition"/> of every state store. Tasks move between instances with their partitions.
/// </summary>
public readonly record struct TaskId(int Partition)
{
    /// <inheritdoc />
    public override string ToString() => $"task-{Partition}";
}
