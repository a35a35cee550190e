using System.Diagnostics.Metrics;

namespace CustomerStream.Bridge.Service;

/// <summary>
/// Metrics of the bridge (meter <c>CustomerStream.Bridge</c>): messages published and confirmed per topic, records
/// passed over, publish and registry retries, the time from poll to confirmed batch, and the consumer lag.
/// </summary>
public sealed class BridgeMetrics : IDisposable
{
    public const string MeterName = "CustomerStream.Bridge";

    private readonly Meter _meter;
    private readonly Counter<long> _published;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _publishRetries;
    private readonly Counter<long> _registryRetries;
    private readonly Histogram<double> _batchSeconds;
    private long _lag;
    private long _publishedTotal;
    private long _deadLetteredTotal;
    private long _publishRetriesTotal;

    public BridgeMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _published = _meter.CreateCounter<long>("customerstream.bridge.messages.published", "{message}", "Messages RabbitMQ confirmed");
        _deadLettered = _meter.CreateCounter<long>("customerstream.bridge.records.dead_lettered", "{record}", "Kafka records that could not be decoded, sent to bridge.dead-letter.v1");
        _publishRetries = _meter.CreateCounter<long>("customerstream.bridge.publish.retries", "{message}", "Publishes sent again after a failure or a missing confirmation");
        _registryRetries = _meter.CreateCounter<long>("customerstream.bridge.registry.retries", "{attempt}", "Decoding attempts repeated because the Schema Registry was unavailable");
        _batchSeconds = _meter.CreateHistogram<double>("customerstream.bridge.batch.duration", "s", "Time from the end of a poll to the last confirmation of its messages");
        _meter.CreateObservableGauge("customerstream.bridge.lag", () => Interlocked.Read(ref _lag), "{record}", "Records in the topics not yet published");
    }

    /// <summary>Messages confirmed so far.</summary>
    public long Published => Interlocked.Read(ref _publishedTotal);

    /// <summary>Records passed over so far.</summary>
    public long DeadLetteredRecords => Interlocked.Read(ref _deadLetteredTotal);

    /// <summary>Publishes sent again so far.</summary>
    public long PublishRetries => Interlocked.Read(ref _publishRetriesTotal);

    public long Lag => Interlocked.Read(ref _lag);

    public void Confirmed(string topic)
    {
        Interlocked.Increment(ref _publishedTotal);
        _published.Add(1, new KeyValuePair<string, object?>("messaging.source.name", topic));
    }

    public void DeadLettered(string topic)
    {
        Interlocked.Increment(ref _deadLetteredTotal);
        _deadLettered.Add(1, new KeyValuePair<string, object?>("messaging.source.name", topic));
    }

    public void PublishRetried(int messages)
    {
        Interlocked.Add(ref _publishRetriesTotal, messages);
        _publishRetries.Add(messages);
    }

    public void RegistryRetried() => _registryRetries.Add(1);

    public void BatchDone(TimeSpan elapsed) => _batchSeconds.Record(elapsed.TotalSeconds);

    public void SetLag(long lag) => Interlocked.Exchange(ref _lag, lag);

    public void Dispose() => _meter.Dispose();
}
