using Microsoft.Extensions.Logging;

namespace CustomerStream.Streaming.Runtime;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Stream application {ApplicationId} starting: inputs {Inputs}, {Partitions} partitions, stores {Stores}")]
    public static partial void Starting(ILogger logger, string applicationId, string inputs, int partitions, string stores);

    [LoggerMessage(2, LogLevel.Information, "Stream application {ApplicationId} stopped ({State})")]
    public static partial void Stopped(ILogger logger, string applicationId, StreamApplicationState state);

    [LoggerMessage(3, LogLevel.Error, "Stream application {ApplicationId} failed")]
    public static partial void Failed(ILogger logger, Exception exception, string applicationId);

    [LoggerMessage(4, LogLevel.Information, "Partitions assigned to {ApplicationId}: tasks {Tasks}")]
    public static partial void Assigned(ILogger logger, string applicationId, string tasks);

    [LoggerMessage(5, LogLevel.Information, "Partitions revoked from {ApplicationId}: tasks {Tasks}")]
    public static partial void Revoked(ILogger logger, string applicationId, string tasks);

    [LoggerMessage(6, LogLevel.Warning, "Partitions lost by {ApplicationId}: tasks {Tasks} closed without checkpoint")]
    public static partial void Lost(ILogger logger, string applicationId, string tasks);

    [LoggerMessage(7, LogLevel.Information, "Restoring {ApplicationId} task {Partition} from changelog offset {From} to {To} ({Source})")]
    public static partial void RestoreStarting(ILogger logger, string applicationId, int partition, long from, long to, string source);

    [LoggerMessage(8, LogLevel.Information, "Restoring {ApplicationId} task {Partition}: {Read} records read, {Remaining} to go")]
    public static partial void RestoreProgress(ILogger logger, string applicationId, int partition, long read, long remaining);

    [LoggerMessage(9, LogLevel.Information, "Restored {ApplicationId} task {Partition}: {Read} records, {Batches} batches applied, {Discarded} discarded, in {Milliseconds} ms")]
    public static partial void RestoreFinished(ILogger logger, string applicationId, int partition, long read, long batches, long discarded, long milliseconds);

    [LoggerMessage(10, LogLevel.Warning, "Batch of {ApplicationId} task {Partition} abandoned ({Reason}); re-synchronizing from the changelog and reprocessing")]
    public static partial void BatchAbandoned(ILogger logger, string applicationId, int partition, string reason);

    [LoggerMessage(11, LogLevel.Warning, "Kafka client error in {ApplicationId}: {Reason}")]
    public static partial void ClientError(ILogger logger, string applicationId, string reason);

    [LoggerMessage(12, LogLevel.Warning, "Checkpoint of {ApplicationId} task {Partition} ignored ({Reason}); rebuilding from the changelog")]
    public static partial void CheckpointIgnored(ILogger logger, string applicationId, int partition, string reason);

    [LoggerMessage(13, LogLevel.Warning, "Simulated crash of {ApplicationId} at {Point}")]
    public static partial void SimulatedCrash(ILogger logger, string applicationId, CrashPoint point);

    [LoggerMessage(14, LogLevel.Debug, "Committing offsets of {ApplicationId} failed: {Reason}")]
    public static partial void CommitFailed(ILogger logger, string applicationId, string reason);

    [LoggerMessage(15, LogLevel.Warning, "Record of {Topic}[{Partition}] arrived for no active task of {ApplicationId}; skipped")]
    public static partial void NoTask(ILogger logger, string applicationId, string topic, int partition);

    [LoggerMessage(16, LogLevel.Information, "Processing the planned batch {Batch} of {ApplicationId} task {Partition} again: {Records} records from {Partitions} input partitions")]
    public static partial void ReplayingPlan(ILogger logger, string applicationId, int partition, string batch, int records, int partitions);

    [LoggerMessage(18, LogLevel.Warning, "{ApplicationId} task {Partition} cannot process its batch now (attempt {Attempt}), it retries in {Seconds:N1} s; nothing is skipped: {Reason}")]
    public static partial void ProcessingRetry(ILogger logger, string applicationId, int partition, int attempt, double seconds, string reason);

    [LoggerMessage(17, LogLevel.Error, "{ApplicationId} LOST {Count} records of {Topic}[{Partition}]: it expected offset {Expected} and the partition continues at {Found} (retention removed records before they were read)")]
    public static partial void RecordsSkipped(ILogger logger, string applicationId, string topic, int partition, long expected, long found, long count);
}
