namespace CustomerStream.Streaming.Runtime;

/// <summary>Life cycle of a <see cref="StreamApplication"/>.</summary>
public enum StreamApplicationState
{
    /// <summary>Constructed, not started.</summary>
    Created,

    /// <summary>Checking topics, connecting.</summary>
    Starting,

    /// <summary>Processing (or waiting for records or partitions).</summary>
    Running,

    /// <summary>Finishing the current batch, committing, writing checkpoints.</summary>
    Stopping,

    /// <summary>Stopped cleanly.</summary>
    Stopped,

    /// <summary>Stopped by an error (see <see cref="StreamApplicationStatus.Error"/>).</summary>
    Failed,

    /// <summary>Stopped by a simulated crash (tests).</summary>
    Crashed,
}
