using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest.Publishing;

/// <summary>
/// The records of one file or HTTP request on their way to Kafka. Every record carries the run's
/// <c>traceparent</c>; at most <c>maxInFlight</c> records are unacknowledged at any time (the reader
/// waits for the brokers instead of filling memory); <see cref="CompleteAsync"/> returns only when every
/// record is acknowledged, or throws <see cref="IngestPublishException"/> when one was not.
/// </summary>
public sealed class PublishBatch
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly IngestSerializers _serializers;
    private readonly SemaphoreSlim _inFlight;
    private readonly Action<DeliveryReport<string, byte[]>> _onDelivered;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _traceParent;
    private readonly string _entityName;
    private long _pending;
    private volatile bool _completing;
    private string? _failure;

    internal PublishBatch(IProducer<string, byte[]> producer, IngestSerializers serializers, Activity activity, IngestEntity entity, int maxInFlight)
    {
        _producer = producer;
        _serializers = serializers;
        _inFlight = new SemaphoreSlim(maxInFlight, maxInFlight);
        _onDelivered = OnDelivered;
        _traceParent = IngestTelemetry.TraceParentOf(activity);
        Entity = entity;
        _entityName = entity.EntityName();
    }

    public IngestEntity Entity { get; }

    public IngestCounters Counters { get; } = new();

    /// <summary>Publishes what one input record became: the record to its topic, or its rejection to <c>ingest.rejected.v1</c>.</summary>
    public ValueTask PublishAsync<T>(IngestOutcome<T> outcome, CancellationToken cancellationToken)
        where T : class
    {
        if (outcome.Record is { } record)
        {
            Counters.CountAccepted();
            IngestTelemetry.Accepted.Add(1, new KeyValuePair<string, object?>("entity", _entityName));
            return ProduceAsync(Entity.Topic(), outcome.Key!, record, _serializers.For<T>(), cancellationToken);
        }

        return PublishRejectionAsync(outcome.Rejected!, cancellationToken);
    }

    /// <summary>Publishes a rejection that is not the outcome of one record (e.g. an unreadable HTTP body).</summary>
    public ValueTask PublishRejectionAsync(RejectedRecord rejected, CancellationToken cancellationToken)
    {
        Counters.CountRejected(rejected.ReasonCode);
        IngestTelemetry.Rejected.Add(1, new KeyValuePair<string, object?>("entity", _entityName), new KeyValuePair<string, object?>("reason_code", rejected.ReasonCode));
        return ProduceAsync(Topics.IngestRejected, rejected.InputRef, rejected, _serializers.Rejected, cancellationToken);
    }

    /// <summary>Waits until every record of the batch is acknowledged by the brokers.</summary>
    /// <exception cref="IngestPublishException">A record was not accepted by Kafka.</exception>
    public async Task CompleteAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
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

    private async ValueTask ProduceAsync<T>(string topic, string key, T value, IAsyncSerializer<T> serializer, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        var headers = new Headers { { IngestTelemetry.TraceParentHeader, _traceParent } };
        var bytes = await serializer.SerializeAsync(value, new SerializationContext(MessageComponentType.Value, topic, headers)).ConfigureAwait(false);
        if (!_inFlight.Wait(0))
        {
            await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _pending);
        var message = new Message<string, byte[]> { Key = key, Value = bytes, Headers = headers };
        while (true)
        {
            try
            {
                _producer.Produce(topic, message, _onDelivered);
                return;
            }
            catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The client's own queue is full (other batches share the producer): wait for deliveries.
                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                Delivered();
                throw;
            }
        }
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
        _inFlight.Release();
        if (Interlocked.Decrement(ref _pending) == 0 && _completing)
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
