using CustomerStream.Streaming.Processing;

namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// How the aggregator numbers a customer's outputs — the one place to change it. A change carries the version of
/// the batch that made it, as the streaming runtime gives it (<see cref="IProcessorContext.BatchVersion"/>: the
/// task's changelog epoch, then the batch's sequence): every owner that takes the task over, every restart and every
/// retried batch writes above whatever an earlier owner published — also a crashed attempt's outputs, or a zombie's
/// late ones — and no clock enters it. Consumers keep, per customer, the highest version and drop one that is not
/// above it (contracts/README.md, "The version rule").
/// </summary>
public static class OutputVersions
{
    /// <summary>
    /// The version of a customer's next change: the batch's version, and never below the customer's previous
    /// version + 1 (which only a state stored before versions came from the runtime can ask for).
    /// </summary>
    public static long Next(long previous, long batchVersion) => Math.Max(previous + 1, batchVersion);

    /// <summary>
    /// The customer's first change in this epoch of its task: its profile is republished even when no field
    /// differs, since a lost attempt of an earlier epoch may have published one that the replay does not reach again.
    /// </summary>
    public static bool FirstInIncarnation(long previous, long batchVersion) => previous < BatchVersions.EpochStart(batchVersion);
}
