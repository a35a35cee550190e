namespace CustomerStream.Streaming.Processing;

/// <summary>
/// The layout of <see cref="IProcessorContext.BatchVersion"/>: <c>(epoch + 1) &lt;&lt; SequenceBits | sequence</c>,
/// where the epoch is the offset of the fence the task's owner wrote to its changelog when it took the task (or
/// re-synchronized it) and the sequence counts the batches since. Every new owner, restart or retried batch starts a
/// higher epoch, so its versions are above every version an earlier owner — a crashed one, or a zombie still writing
/// late — could have used, whatever the clocks say.
/// </summary>
public static class BatchVersions
{
    /// <summary>Bits that hold the batch's sequence within its epoch.</summary>
    public const int SequenceBits = 20;

    /// <summary>The first version of the epoch <paramref name="batchVersion"/> belongs to: anything below was written by an earlier epoch.</summary>
    public static long EpochStart(long batchVersion) => batchVersion & ~((1L << SequenceBits) - 1);
}
