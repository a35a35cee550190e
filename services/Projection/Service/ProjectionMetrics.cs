using System.Diagnostics.Metrics;
using CustomerStream.Projection.Writing;

namespace CustomerStream.Projection.Service;

/// <summary>
/// Metrics of the projection (meter <c>CustomerStream.Projection</c>): records consumed, rows written
/// (rates come from the counters), batch time in the database, time per stage
/// (<c>customerstream.projection.stage.time</c>, tag <c>stage</c>: waiting, decoding, preparing, database,
/// committing) and the consumer lag. <see cref="Stages"/> gives the same figures in-process.
/// </summary>
public sealed class ProjectionMetrics : IDisposable
{
    public const string MeterName = "CustomerStream.Projection";

    private readonly Meter _meter;
    private readonly Counter<long> _records;
    private readonly Counter<long> _documents;
    private readonly Counter<long> _deleted;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<double> _stageSeconds;
    private readonly Histogram<double> _batchSeconds;
    private readonly Histogram<double> _freshness;
    private readonly Lock _gate = new();
    private ProjectionStageTimes _stages = ProjectionStageTimes.Zero;
    private long _lastBatch;
    private volatile IReadOnlyDictionary<string, long> _lost = new Dictionary<string, long>();
    private long _lag;
    private int _assigned;
    private long _deadLettered;

    public ProjectionMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _records = _meter.CreateCounter<long>("customerstream.projection.records", "{record}", "Records consumed from the projection's topics");
        _documents = _meter.CreateCounter<long>("customerstream.projection.documents", "{row}", "Rows inserted or replaced in the marts");
        _deleted = _meter.CreateCounter<long>("customerstream.projection.rows_deleted", "{row}", "Period rows and orders deleted");
        _skipped = _meter.CreateCounter<long>("customerstream.projection.changes_skipped", "{change}", "Customer changes ignored as duplicates or stale");
        _deadLetters = _meter.CreateCounter<long>("customerstream.projection.dead_letters", "{record}",
            "Records that could not be decoded, sent to the dead-letter topic");
        _stageSeconds = _meter.CreateCounter<double>("customerstream.projection.stage.time", "s", "Time of the consume loop per stage: waiting, decoding, preparing, database, committing");
        _batchSeconds = _meter.CreateHistogram<double>("customerstream.projection.batch.duration", "s", "Time a batch spends in its database transaction");
        _freshness = _meter.CreateHistogram<double>("customerstream.projection.freshness", "s",
            "Per record: from its Kafka timestamp, which ingest sets when it publishes the event and every stage carries forward, to the commit of its mart rows");
        _meter.CreateObservableGauge("customerstream.projection.lag", () => Interlocked.Read(ref _lag), "{record}", "Records in the topics not yet applied");
    }

    /// <summary>Records consumed so far (also for <c>status</c> and tests).</summary>
    public long RecordsConsumed
    {
        get
        {
            lock (_gate)
            {
                return _stages.Records;
            }
        }
    }

    /// <summary>Rows written so far.</summary>
    public long DocumentsWritten
    {
        get
        {
            lock (_gate)
            {
                return _stages.RowsWritten;
            }
        }
    }

    /// <summary>Where the time went so far (a snapshot; subtract two with <see cref="ProjectionStageTimes.Since"/>).</summary>
    public ProjectionStageTimes Stages
    {
        get
        {
            lock (_gate)
            {
                return _stages;
            }
        }
    }

    public long Lag => Interlocked.Read(ref _lag);

    /// <summary>Partitions the consumer group has given this instance (0 until its first assignment).</summary>
    public int AssignedPartitions => Volatile.Read(ref _assigned);

    /// <summary>Records how many partitions the consumer holds after a poll.</summary>
    public void SetAssigned(int partitions) => Volatile.Write(ref _assigned, partitions);

    /// <summary>Input records removed by retention before the projection read them, per topic: anything but 0 is data loss.</summary>
    public IReadOnlyDictionary<string, long> LostRecords => _lost;

    /// <summary>Counts input records that were gone before they were read.</summary>
    public void RecordsLost(string topic, long count)
    {
        lock (_gate)
        {
            var next = new Dictionary<string, long>(_lost, StringComparer.Ordinal);
            next[topic] = next.GetValueOrDefault(topic) + count;
            _lost = next;
        }
    }

    /// <summary>Records sent to the dead-letter topic so far.</summary>
    public long DeadLetters => Interlocked.Read(ref _deadLettered);

    /// <summary>Counts a record of <paramref name="topic"/> sent to the dead-letter topic.</summary>
    public void DeadLettered(string topic)
    {
        Interlocked.Increment(ref _deadLettered);
        _deadLetters.Add(1, new KeyValuePair<string, object?>("topic", topic));
    }

    /// <summary>When the last batch was applied (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), 0 before the first.</summary>
    public long LastBatchTimestamp => Interlocked.Read(ref _lastBatch);

    /// <summary>Records one applied batch: <paramref name="waiting"/> and <paramref name="decoding"/> are the poller's time since the last batch, <paramref name="offsetCommit"/> the Kafka commit.</summary>
    public void BatchApplied(int records, BatchResult result, TimeSpan waiting, TimeSpan decoding, TimeSpan offsetCommit)
    {
        Interlocked.Exchange(ref _lastBatch, System.Diagnostics.Stopwatch.GetTimestamp());
        var database = result.Elapsed - result.Preparing - result.Committing;
        var committing = result.Committing + offsetCommit;
        lock (_gate)
        {
            var s = _stages;
            _stages = new ProjectionStageTimes(s.Records + records, s.Batches + 1, s.RowsWritten + result.DocumentsWritten, s.Waiting + waiting,
                s.Decoding + decoding, s.Preparing + result.Preparing, s.Database + database, s.Committing + committing);
        }

        _records.Add(records);
        _documents.Add(result.DocumentsWritten);
        _deleted.Add(result.RowsDeleted);
        _skipped.Add(result.ChangesSkipped);
        _batchSeconds.Record(result.Elapsed.TotalSeconds);
        _stageSeconds.Add(waiting.TotalSeconds, new KeyValuePair<string, object?>("stage", "waiting"));
        _stageSeconds.Add(decoding.TotalSeconds, new KeyValuePair<string, object?>("stage", "decoding"));
        _stageSeconds.Add(result.Preparing.TotalSeconds, new KeyValuePair<string, object?>("stage", "preparing"));
        _stageSeconds.Add(database.TotalSeconds, new KeyValuePair<string, object?>("stage", "database"));
        _stageSeconds.Add(committing.TotalSeconds, new KeyValuePair<string, object?>("stage", "committing"));
    }

    /// <summary>Records the freshness of every record of a batch whose rows were committed at <paramref name="committedAt"/>.</summary>
    public void Committed(IReadOnlyList<long> timestampsMs, DateTimeOffset committedAt)
    {
        ArgumentNullException.ThrowIfNull(timestampsMs);
        var now = committedAt.ToUnixTimeMilliseconds();
        foreach (var timestamp in timestampsMs)
        {
            _freshness.Record(Math.Max(0, now - timestamp) / 1000.0);
        }
    }

    public void SetLag(long lag) => Interlocked.Exchange(ref _lag, lag);

    public void Dispose() => _meter.Dispose();
}
