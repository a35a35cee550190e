using System.Diagnostics.Metrics;
using CustomerStream.Projection.Writing;

namespace CustomerStream.Projection.Service;

/// <summary>
/// Metrics of the projection (meter <c>CustomerStream.Projection</c>): records consumed, documents and
/// rows written (rates come from the counters), batch time in the database, and the consumer lag.
/// </summary>
public sealed class ProjectionMetrics : IDisposable
{
    public const string MeterName = "CustomerStream.Projection";

    private readonly Meter _meter;
    private readonly Counter<long> _records;
    private readonly Counter<long> _documents;
    private readonly Counter<long> _deleted;
    private readonly Counter<long> _skipped;
    private readonly Histogram<double> _batchSeconds;
    private readonly Histogram<double> _freshness;
    private long _lag;

    public ProjectionMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _records = _meter.CreateCounter<long>("customerstream.projection.records", "{record}", "Records consumed from the projection's topics");
        _documents = _meter.CreateCounter<long>("customerstream.projection.documents", "{document}", "Documents inserted or replaced in the marts");
        _deleted = _meter.CreateCounter<long>("customerstream.projection.rows_deleted", "{row}", "Period rows and orders deleted");
        _skipped = _meter.CreateCounter<long>("customerstream.projection.changes_skipped", "{change}", "Customer changes ignored as duplicates or stale");
        _batchSeconds = _meter.CreateHistogram<double>("customerstream.projection.batch.duration", "s", "Time a batch spends in its database transaction");
        _freshness = _meter.CreateHistogram<double>("customerstream.projection.freshness", "s",
            "Per record: from its Kafka timestamp, which ingest sets when it publishes the event and every stage carries forward, to the commit of its mart rows");
        _meter.CreateObservableGauge("customerstream.projection.lag", () => Interlocked.Read(ref _lag), "{record}", "Records in the topics not yet applied");
    }

    /// <summary>Records consumed so far (also for <c>status</c> and tests).</summary>
    public long RecordsConsumed { get; private set; }

    /// <summary>Documents written so far.</summary>
    public long DocumentsWritten { get; private set; }

    public long Lag => Interlocked.Read(ref _lag);

    public void BatchApplied(int records, BatchResult result)
    {
        RecordsConsumed += records;
        DocumentsWritten += result.DocumentsWritten;
        _records.Add(records);
        _documents.Add(result.DocumentsWritten);
        _deleted.Add(result.RowsDeleted);
        _skipped.Add(result.ChangesSkipped);
        _batchSeconds.Record(result.Elapsed.TotalSeconds);
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
