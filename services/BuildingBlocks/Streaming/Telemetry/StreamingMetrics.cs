using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace CustomerStream.Streaming.Telemetry;

/// <summary>The instruments of one application instance (see <see cref="StreamingTelemetry.MeterName"/>).</summary>
internal sealed class StreamingMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _app;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _produced;
    private readonly Counter<long> _abandoned;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _clientErrors;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _restoredRecords;
    private readonly Histogram<double> _restoreDuration;
    private readonly ConcurrentDictionary<int, long> _restoreRemaining = new();
    private volatile IReadOnlyList<(string Topic, int Partition, long Lag)> _lag = [];
    private volatile IReadOnlyList<(string Store, int Partition, long Entries)> _storeSizes = [];

    public StreamingMetrics(string applicationId)
    {
        _app = new KeyValuePair<string, object?>(StreamingTelemetry.ApplicationIdTag, applicationId);
        _meter = new Meter(StreamingTelemetry.MeterName);
        _processed = _meter.CreateCounter<long>("customerstream.streaming.records.processed", "{record}",
            "Input records of committed batches (rate = records/s).");
        _produced = _meter.CreateCounter<long>("customerstream.streaming.records.produced", "{record}",
            "Output records of committed batches.");
        _abandoned = _meter.CreateCounter<long>("customerstream.streaming.batches.abandoned", "{batch}",
            "Batches given up after a failed write and processed again.");
        _deadLetters = _meter.CreateCounter<long>("customerstream.streaming.dead_letters", "{record}",
            "Input records of committed batches sent to the dead-letter topic (they could not be decoded or processed).");
        _retries = _meter.CreateCounter<long>("customerstream.streaming.processing.retries", "{batch}",
            "Batches abandoned and processed again after a back-off because a dependency (e.g. the Schema Registry) was away.");
        _clientErrors = _meter.CreateCounter<long>("customerstream.streaming.client_errors", "{error}",
            "Kafka client errors waited out (tag error.type: the librdkafka code), e.g. all brokers down or an unknown partition for a while.");
        _batchDuration = _meter.CreateHistogram<double>("customerstream.streaming.batch.duration", "s",
            "Time from the end of gathering a batch to its commit.");
        _restoredRecords = _meter.CreateCounter<long>("customerstream.streaming.restore.records", "{record}",
            "Changelog records read while restoring tasks.");
        _restoreDuration = _meter.CreateHistogram<double>("customerstream.streaming.restore.duration", "s",
            "Time to restore one task from its changelog.");
        _meter.CreateObservableGauge("customerstream.streaming.restore.remaining", ObserveRestoreRemaining, "{record}",
            "Changelog records a task still has to restore.");
        _meter.CreateObservableGauge("customerstream.streaming.consumer.lag", ObserveLag, "{record}",
            "Records in an input partition not yet processed.");
        _meter.CreateObservableGauge("customerstream.streaming.store.entries", ObserveStoreSizes, "{entry}",
            "Approximate number of keys in a task's store.");
    }

    public void BatchCommitted(int records, int outputs, TimeSpan duration)
    {
        _processed.Add(records, _app);
        _produced.Add(outputs, _app);
        _batchDuration.Record(duration.TotalSeconds, _app);
    }

    public void BatchAbandoned() => _abandoned.Add(1, _app);

    public void DeadLettered(int records)
    {
        if (records > 0)
        {
            _deadLetters.Add(records, _app);
        }
    }

    public void ProcessingRetried() => _retries.Add(1, _app);

    public void ClientError(Confluent.Kafka.ErrorCode code) => _clientErrors.Add(1, _app, new KeyValuePair<string, object?>("error.type", code.ToString()));

    public void RestoreProgress(int partition, long readSinceLast, long remaining)
    {
        _restoredRecords.Add(readSinceLast, _app);
        _restoreRemaining[partition] = remaining;
    }

    public void RestoreFinished(int partition, TimeSpan duration)
    {
        _restoreRemaining.TryRemove(partition, out _);
        _restoreDuration.Record(duration.TotalSeconds, _app);
    }

    public void SetLag(IReadOnlyList<(string Topic, int Partition, long Lag)> lag) => _lag = lag;

    public void SetStoreSizes(IReadOnlyList<(string Store, int Partition, long Entries)> sizes) => _storeSizes = sizes;

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveRestoreRemaining() =>
        _restoreRemaining.Select(r => new Measurement<long>(r.Value, _app, new("partition", r.Key)));

    private IEnumerable<Measurement<long>> ObserveLag() =>
        _lag.Select(l => new Measurement<long>(l.Lag, _app, new("topic", l.Topic), new("partition", l.Partition)));

    private IEnumerable<Measurement<long>> ObserveStoreSizes() =>
        _storeSizes.Select(s => new Measurement<long>(s.Entries, _app, new("store", s.Store), new("partition", s.Partition)));
}
