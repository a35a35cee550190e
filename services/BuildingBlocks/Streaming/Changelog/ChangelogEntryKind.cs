namespace CustomerStream.Streaming.Changelog;

internal enum ChangelogEntryKind
{
    /// <summary>A changed key of one store (value null = deleted).</summary>
    Data,

    /// <summary>The end of a batch: its records count, and the task's input offsets after it.</summary>
    Marker,

    /// <summary>A new owner epoch starts: everything of other epochs that follows is ignored.</summary>
    Fence,

    /// <summary>A batch's plan: the input records it takes, written before any of its outputs.</summary>
    Plan,

    /// <summary>A record this runtime did not write (no batch header); ignored.</summary>
    Foreign,
}
