namespace CustomerStream.Streaming.Runtime;

/// <summary>One active task of an instance.</summary>
/// <param name="Partition">The task's partition.</param>
/// <param name="RestoredFromCheckpoint">Whether its last restore started from a checkpoint (else from the changelog's start).</param>
/// <param name="RestoredRecords">Changelog records its last restore read.</param>
/// <param name="RestoreDuration">How long its last restore took.</param>
/// <param name="CommittedBatches">Batches it committed since it was assigned.</param>
public sealed record TaskStatus(int Partition, bool RestoredFromCheckpoint, long RestoredRecords, TimeSpan RestoreDuration, long CommittedBatches);
