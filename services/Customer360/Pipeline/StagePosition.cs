namespace CustomerStream.Customer360.Pipeline;

/// <summary>
/// Where a stage stood at one look: records processed (committed offsets summed over its partitions; for a
/// stage without a group, the records written), the log ends of its topics, what it had not processed yet, and the
/// records its dead-letter topic holds (null for a stage without one).
/// </summary>
internal sealed record StagePosition(long Processed, long End, long? Lag, long? DeadLettered = null);
