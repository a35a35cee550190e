using System.Diagnostics;

namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// Accumulates the processing thread's time per phase. Written only by the processing thread; read as a
/// snapshot from any thread (a torn read of one counter is harmless for a figure).
/// </summary>
internal sealed class ThreadAccounting
{
    private long _records;
    private long _batches;
    private long _process;
    private long _poll;
    private long _backpressure;
    private long _flush;
    private long _commit;
    private long _restore;
    private long _cpuTicks;
    private long _deadLetters;
    private long _retries;
    private long _clientErrors;
    private volatile IReadOnlyDictionary<string, long> _skipped = new Dictionary<string, long>();

    public enum Phase
    {
        Process,
        Poll,
        Backpressure,
        Flush,
        Commit,
        Restore,
    }

    public static long Start() => Stopwatch.GetTimestamp();

    public void Add(Phase phase, long startedTimestamp)
    {
        var ticks = Stopwatch.GetElapsedTime(startedTimestamp).Ticks;
        switch (phase)
        {
            case Phase.Process: Interlocked.Add(ref _process, ticks); break;
            case Phase.Poll: Interlocked.Add(ref _poll, ticks); break;
            case Phase.Backpressure: Interlocked.Add(ref _backpressure, ticks); break;
            case Phase.Flush: Interlocked.Add(ref _flush, ticks); break;
            case Phase.Commit: Interlocked.Add(ref _commit, ticks); break;
            case Phase.Restore: Interlocked.Add(ref _restore, ticks); break;
        }
    }

    public void BatchCommitted(int records)
    {
        Interlocked.Add(ref _records, records);
        Interlocked.Increment(ref _batches);
    }

    /// <summary>Counts records of committed batches sent to the dead-letter topic.</summary>
    public void DeadLettered(int count) => Interlocked.Add(ref _deadLetters, count);

    /// <summary>Counts a client error the loop waited out (a broker away, a partition without a leader for a while).</summary>
    public void ClientError() => Interlocked.Increment(ref _clientErrors);

    /// <summary>Counts batches abandoned to be retried because a dependency was away.</summary>
    public void Retried() => Interlocked.Increment(ref _retries);

    /// <summary>Counts input records that were gone before they were read.</summary>
    public void Skipped(string topic, long count)
    {
        var next = new Dictionary<string, long>(_skipped, StringComparer.Ordinal);
        next[topic] = next.GetValueOrDefault(topic) + count;
        _skipped = next;
    }

    /// <summary>Samples the CPU clock of the calling thread, which must be the processing thread (its clock starts at zero with it).</summary>
    public void SampleCpu() => Interlocked.Exchange(ref _cpuTicks, ThreadCpuClock.Now().Ticks);

    public StreamThreadFigures Snapshot() => new(
        Interlocked.Read(ref _records),
        Interlocked.Read(ref _batches),
        Seconds(ref _cpuTicks),
        Seconds(ref _process),
        Seconds(ref _poll),
        Seconds(ref _backpressure),
        Seconds(ref _flush),
        Seconds(ref _commit),
        Seconds(ref _restore),
        _skipped)
    {
        DeadLetters = Interlocked.Read(ref _deadLetters),
        ProcessingRetries = Interlocked.Read(ref _retries),
        ClientErrors = Interlocked.Read(ref _clientErrors),
    };

    private static double Seconds(ref long ticks) => TimeSpan.FromTicks(Interlocked.Read(ref ticks)).TotalSeconds;
}
