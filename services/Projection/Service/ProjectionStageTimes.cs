namespace CustomerStream.Projection.Service;

/// <summary>
/// Where the projection's time went since it started, for a bench or <c>status</c> to print without a
/// profiler. The parts are measured on the consume loop's thread, one after another, so they add up to
/// (nearly) the loop's wall time; <see cref="Decoding"/> and <see cref="Preparing"/> are CPU work in this
/// process, <see cref="Database"/> and <see cref="Committing"/> are mostly waiting for PostgreSQL (its own
/// CPU included) and Kafka, <see cref="Waiting"/> is idle time with nothing to read.
/// </summary>
/// <param name="Records">Records consumed (changes, links, merges, rejections).</param>
/// <param name="Batches">Batches applied (one PostgreSQL transaction each).</param>
/// <param name="RowsWritten">Rows inserted or replaced in the projection's tables.</param>
/// <param name="Waiting">Blocked in the consumer waiting for a first record (idle).</param>
/// <param name="Decoding">Avro decoding.</param>
/// <param name="Preparing">Folding changes and building the set-based statements.</param>
/// <param name="Database">PostgreSQL round trips before the commit (locks, versions, writes).</param>
/// <param name="Committing">PostgreSQL commit plus the Kafka offset commit.</param>
public sealed record ProjectionStageTimes(
    long Records, long Batches, long RowsWritten, TimeSpan Waiting, TimeSpan Decoding, TimeSpan Preparing, TimeSpan Database, TimeSpan Committing)
{
    public static readonly ProjectionStageTimes Zero = new(0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Time spent doing something (everything but <see cref="Waiting"/>).</summary>
    public TimeSpan Busy => Decoding + Preparing + Database + Committing;

    /// <summary>Records per second of busy time: the rate the projection could sustain if it never waited for input.</summary>
    public double RecordsPerBusySecond => Busy > TimeSpan.Zero ? Records / Busy.TotalSeconds : 0;

    /// <summary>The difference from an earlier snapshot (a bench's phase).</summary>
    public ProjectionStageTimes Since(ProjectionStageTimes earlier) => new(
        Records - earlier.Records, Batches - earlier.Batches, RowsWritten - earlier.RowsWritten, Waiting - earlier.Waiting,
        Decoding - earlier.Decoding, Preparing - earlier.Preparing, Database - earlier.Database, Committing - earlier.Committing);
}
