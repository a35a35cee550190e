namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// Where <see cref="StreamApplication.SimulateCrashAsync"/> stops the processing loop, as if the process
/// died there: nothing is flushed, committed or checkpointed, and the group is not told.
/// </summary>
public enum CrashPoint
{
    /// <summary>At the next record or step of the loop, wherever it is (e.g. while a processor blocks).</summary>
    Immediately,

    /// <summary>After the batch was processed, before anything of it was produced.</summary>
    AfterProcessing,

    /// <summary>After the batch's outputs and changelog records were acknowledged, before its commit markers.</summary>
    AfterChangelogWrites,

    /// <summary>After the commit markers were acknowledged, before the local stores and the offsets were updated.</summary>
    AfterCommitMarkers,
}
