using System.Diagnostics;

namespace CustomerStream.Ingest.Publishing;

/// <summary>The running counts of one ingest run (one file or request; one thread updates them).</summary>
public sealed class IngestCounters
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, long> _rejectedByReason = new(StringComparer.Ordinal);

    public long Accepted { get; private set; }

    public long Rejected { get; private set; }

    public long Records => Accepted + Rejected;

    public long BytesRead { get; set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Time spent waiting for the consumers of the topic (<see cref="IngestPacer"/>).</summary>
    public TimeSpan Waited { get; private set; }

    public void AddWaited(TimeSpan waited) => Waited += waited;

    public void CountAccepted() => Accepted++;

    public void CountRejected(string reasonCode)
    {
        Rejected++;
        _rejectedByReason[reasonCode] = _rejectedByReason.GetValueOrDefault(reasonCode) + 1;
    }

    public IngestTally Snapshot() =>
        new(Records, Accepted, Rejected, new Dictionary<string, long>(_rejectedByReason, StringComparer.Ordinal), BytesRead, _clock.Elapsed, Waited);
}
