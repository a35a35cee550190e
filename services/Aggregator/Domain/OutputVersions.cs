namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// How the aggregator numbers a customer's outputs — the one place to change it. Within an incarnation of
/// a task (from its start, or from a batch it found abandoned, until the next such event) a customer's
/// versions rise by one per change, never below the incarnation's floor. A floor is taken from the clock
/// (microseconds since the Unix epoch, and always above the previous floor), so that whatever a crashed
/// or abandoned attempt published is superseded by the attempt that replaces it; it is the one use of
/// the clock in the processing path, and it enters no figure.
/// </summary>
public static class OutputVersions
{
    /// <summary>The version of a customer's next change.</summary>
    public static long Next(long previous, long floor) => Math.Max(previous + 1, floor);

    /// <summary>
    /// The customer's first change in this incarnation: its profile is republished even when no field
    /// differs, since a lost attempt may have published one that the replay does not reach again.
    /// </summary>
    public static bool FirstInIncarnation(long previous, long floor) => previous < floor;

    /// <summary>The floor of a task's first incarnation.</summary>
    public static long FirstFloor(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
    }

    /// <summary>The floor of the incarnation after one with <paramref name="floor"/>.</summary>
    public static long NextFloor(long floor, TimeProvider time) => Math.Max(floor + 1, FirstFloor(time));
}
