namespace CustomerStream.Streaming.Runtime;

/// <summary>A snapshot of an instance, for health checks, <c>status</c> commands and tests.</summary>
/// <param name="State">Life-cycle state.</param>
/// <param name="Tasks">Active tasks, by partition.</param>
/// <param name="ProcessedRecords">Input records of committed batches since start.</param>
/// <param name="CommittedBatches">Committed batches since start.</param>
/// <param name="AbandonedBatches">Batches given up (a write failed) and processed again since start.</param>
/// <param name="Error">What stopped a failed instance.</param>
/// <param name="Figures">Where the processing thread spent its time since start.</param>
public sealed record StreamApplicationStatus(
    StreamApplicationState State,
    IReadOnlyList<TaskStatus> Tasks,
    long ProcessedRecords,
    long CommittedBatches,
    long AbandonedBatches,
    Exception? Error,
    StreamThreadFigures Figures);
