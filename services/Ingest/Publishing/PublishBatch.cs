using System.Diagnostics;
using System.Runtime.CompilerServices;
using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Kafka.Telemetry;

namespace CustomerStream.Ingest.Publishing;

/// <summary>
/// The records of one file or HTTP request on their way to Kafka. Every record carries the run's
/// <c>traceparent</c>; at most <c>maxInFlight</c> records are unacknowledged at any time (the reader
/// waits for the brokers instead of filling memory); <see cref="CompleteAsync"/> returns only when every
/// record is acknowledged, or throws <see cref="IngestPublishException"/> when one was not.
/// </summary>
/// <remarks>
/// One caller at a time publishes (the file's or request's loop); acknowledgements arrive on the producer's
/// thread. A record costs no task and no lock unless the batch has to wait: for the schema id of its topic
/// (once), for acknowledgements (in-flight bound), for the consumers (<see cref="IngestPacer"/>) or for room
/// in the producer's queue.
/// </remarks>
public sealed class PublishBatch
{
    // Telemetry counters are added in steps of this many records, not per record: the per-record call with a tag
    // costs more than the rest of publishing a record's bookkeeping.
    private const int TelemetryStep = 1024;

    private readonly IProducer<string, byte[]> _producer;
    private readonly IngestSerializers _serializers;
    private readonly IngestPacer.PacedTopic? _paced;
    private readonly Action<DeliveryReport<string, byte[]>> _onDelivered;
    private readonly Action<DeliveryReport<string, byte[]>> _onPacedDelivered;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // One header list for every record of the batch: the producer only reads it (it copies headers into each message).
    private readonly Headers _headers;
    private readonly string _topic;
    private readonly KeyValuePair<string, object?> _entityTag;
    private readonly long _maxInFlight;
    private readonly long _resumeAt;
    private object? _encoder;
    private RecordEncoder<RejectedRecord>? _rejectedEncoder;
    private TaskCompletionSource? _room;
    private long _pending;
    private long _acceptedNotCounted;
    private volatile bool _completing;
    private string? _failure;

    internal PublishBatch(
        IProducer<string, byte[]> producer, IngestSerializers serializers, Activity activity, IngestEntity entity, int maxInFlight, IngestPacer? pacer)
    {
        _producer = producer;
        _serializers = serializers;
        _maxInFlight = maxInFlight;
        _resumeAt = Math.Max(0, maxInFlight - Math.Max(1, maxInFlight / 4));
        _onDelivered = OnDelivered;
        _onPacedDelivered = OnPacedDelivered;
        _headers = new Headers();
        TraceContextPropagation.Inject(_headers, activity.Context);
        Entity = entity;
        _topic = entity.Topic();
        _paced = pacer?.For(_topic);
        _entityTag = new KeyValuePair<string, object?>("entity", entity.EntityName());
    }

    public IngestEntity Entity { get; }

    public IngestCounters Counters { get; } = new();

    /// <summary>Called while the batch waits for the consumers of its topic (<see cref="IngestPacer"/>), about every poll interval.</summary>
    public Action<PacingWait>? Waiting { get; set; }

    /// <summary>Publishes what one input record became: the record to its topic, or its rejection to <c>ingest.rejected.v1</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ValueTask PublishAsync<T>(IngestOutcome<T> outcome, CancellationToken cancellationToken)
        where T : class
    {
        if (outcome.Record is not { } record)
        {
            return PublishRejectionAsync(outcome.Rejected!, cancellationToken);
        }

        Counters.CountAccepted();
        if (++_acceptedNotCounted == TelemetryStep)
        {
            IngestTelemetry.Accepted.Add(_acceptedNotCounted, _entityTag);
            _acceptedNotCounted = 0;
        }

        ThrowIfFailed();
        if (_encoder is not RecordEncoder<T> { IsSynchronous: true } encoder)
        {
            return PublishFirstAsync(record, outcome.Key!, cancellationToken);
        }

        // The fast path. The record counts as pending before it is produced, so that its acknowledgement, which may
        // come at once on the producer's thread, never finds the count at zero too early.
        var bytes = encoder.Encode(record);
        var pending = Interlocked.Increment(ref _pending);
        if (pending <= _maxInFlight && (_paced is null || _paced.TryAdmit()))
        {
            return TryProduce(_topic, outcome.Key!, bytes, paced: _paced is not null)
                ? default
                : ProduceWhenQueueHasRoomAsync(_topic, outcome.Key!, bytes, paced: _paced is not null, cancellationToken);
        }

        return ProduceAfterWaitingAsync(_topic, outcome.Key!, bytes, paced: _paced is not null, admitted: false, cancellationToken);
    }

    /// <summary>Publishes a rejection that is not the outcome of one record (e.g. an unreadable HTTP body).</summary>
    public async ValueTask PublishRejectionAsync(RejectedRecord rejected, CancellationToken cancellationToken)
    {
        Counters.CountRejected(rejected.ReasonCode);
        IngestTelemetry.Rejected.Add(1, _entityTag, new KeyValuePair<string, object?>("reason_code", rejected.ReasonCode));
        ThrowIfFailed();
        _rejectedEncoder ??= await RecordEncoder<RejectedRecord>.CreateAsync(_serializers.Rejected, Topics.IngestRejected, cancellationToken).ConfigureAwait(false);
        var bytes = _rejectedEncoder.IsSynchronous ? _rejectedEncoder.Encode(rejected) : await _rejectedEncoder.EncodeAsync(rejected, _headers).ConfigureAwait(false);
        Interlocked.Increment(ref _pending);
        // Rejections are not paced: they are few, and pacing them would wait for the projection, not for identity.
        await ProduceAfterWaitingAsync(Topics.IngestRejected, rejected.InputRef, bytes, paced: false, admitted: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until every record of the batch is acknowledged by the brokers.</summary>
    /// <exception cref="IngestPublishException">A record was not accepted by Kafka.</exception>
    public async Task CompleteAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_acceptedNotCounted > 0)
        {
            IngestTelemetry.Accepted.Add(_acceptedNotCounted, _entityTag);
            _acceptedNotCounted = 0;
        }

        _completing = true;
        if (Interlocked.Read(ref _pending) > 0)
        {
            try
            {
                await _drained.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new IngestPublishException(
                    $"Kafka has not acknowledged {Interlocked.Read(ref _pending):N0} records after {timeout.TotalSeconds:N0} s", e);
            }
        }

        ThrowIfFailed();
    }

    /// <summary>The first record of the batch: the encoder (and with it the schema id) is made first.</summary>
    private async ValueTask PublishFirstAsync<T>(T record, string key, CancellationToken cancellationToken)
        where T : class
    {
        if (_encoder is not RecordEncoder<T> encoder)
        {
            encoder = await RecordEncoder<T>.CreateAsync(_serializers.For<T>(), _topic, cancellationToken).ConfigureAwait(false);
            _encoder = encoder;
        }

        var bytes = encoder.IsSynchronous ? encoder.Encode(record) : await encoder.EncodeAsync(record, _headers).ConfigureAwait(false);
        Interlocked.Increment(ref _pending);
        await ProduceAfterWaitingAsync(_topic, key, bytes, paced: _paced is not null, admitted: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Produces a record already counted as pending once the in-flight bound and, for a <paramref name="paced"/> one not
    /// <paramref name="admitted"/> yet, the pacer let it.
    /// </summary>
    private async ValueTask ProduceAfterWaitingAsync(string topic, string key, byte[] bytes, bool paced, bool admitted, CancellationToken cancellationToken)
    {
        try
        {
            if (Interlocked.Read(ref _pending) > _maxInFlight)
            {
                await WaitForAcknowledgementsAsync(cancellationToken).ConfigureAwait(false);
            }

            if (paced && !admitted)
            {
                var started = Stopwatch.GetTimestamp();
                await _paced!.AdmitAsync(Waiting, cancellationToken).ConfigureAwait(false);
                Counters.AddWaited(Stopwatch.GetElapsedTime(started));
            }
        }
        catch
        {
            Delivered();
            throw;
        }

        if (!TryProduce(topic, key, bytes, paced))
        {
            await ProduceWhenQueueHasRoomAsync(topic, key, bytes, paced, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForAcknowledgementsAsync(CancellationToken cancellationToken)
    {
        while (Interlocked.Read(ref _pending) > _maxInFlight)
        {
            var room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _room, room);
            // Looked at again once the waiter is visible: an acknowledgement in between would otherwise be missed.
            if (Interlocked.Read(ref _pending) <= _resumeAt)
            {
                break;
            }

            await room.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            ThrowIfFailed();
        }

        Volatile.Write(ref _room, null);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryProduce(string topic, string key, byte[] value, bool paced)
    {
        try
        {
            _producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = value, Headers = _headers }, paced ? _onPacedDelivered : _onDelivered);
            return true;
        }
        catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
        {
            return false;
        }
        catch
        {
            NotProduced(paced);
            throw;
        }
    }

    private async ValueTask ProduceWhenQueueHasRoomAsync(string topic, string key, byte[] value, bool paced, CancellationToken cancellationToken)
    {
        // The client's own queue is full (other batches share the producer): wait for deliveries.
        do
        {
            try
            {
                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                NotProduced(paced);
                throw;
            }
        }
        while (!TryProduce(topic, key, value, paced));
    }

    /// <summary>A record counted as pending (and admitted, when paced) will not be produced after all.</summary>
    private void NotProduced(bool paced)
    {
        if (paced)
        {
            _paced!.Acknowledged();
        }

        Delivered();
    }

    private void OnPacedDelivered(DeliveryReport<string, byte[]> report)
    {
        _paced!.Acknowledged();
        OnDelivered(report);
    }

    private void OnDelivered(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.CompareExchange(ref _failure, $"Kafka did not accept the record '{report.Message.Key}' for {report.Topic}: {report.Error.Reason}", null);
        }

        Delivered();
    }

    private void Delivered()
    {
        var pending = Interlocked.Decrement(ref _pending);
        if (pending <= _resumeAt && Volatile.Read(ref _room) is { } room)
        {
            room.TrySetResult();
        }

        if (pending == 0 && _completing)
        {
            _drained.TrySetResult();
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new IngestPublishException(failure);
        }
    }
}
