using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// Hands every record the loop writes (outputs, changelog records, plans, markers, fences) to the producer and
/// counts it in the phase whose acknowledgements the loop waits for. A full producer queue is backpressure:
/// the loop waits for acknowledgements to make room.
/// </summary>
internal sealed class RecordCollector(
    IProducer<byte[], byte[]> producer,
    ThreadAccounting accounting,
    Func<bool> crashed,
    string applicationId,
    ILogger logger)
{
    private static readonly TimeSpan FenceWait = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FenceMaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>Sends <paramref name="message"/> (to <paramref name="partition"/>, or by key when it is <see cref="Partition.Any"/>).</summary>
    public void Send(
        string topic,
        Partition partition,
        Message<byte[], byte[]> message,
        Action<DeliveryReport<byte[], byte[]>> onDelivery,
        BatchDeliveries phase,
        TaskDeliveries deliveries)
    {
        phase.Add();
        long? waitStarted = null;
        try
        {
            while (true)
            {
                try
                {
                    if (partition == Partition.Any)
                    {
                        producer.Produce(topic, message, onDelivery);
                    }
                    else
                    {
                        producer.Produce(new TopicPartition(topic, partition), message, onDelivery);
                    }

                    return;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    waitStarted ??= ThreadAccounting.Start();
                    if (crashed())
                    {
                        throw new OperationCanceledException("Producing was interrupted.");
                    }

                    Thread.Sleep(1);
                }
                catch (KafkaException e)
                {
                    deliveries.Fail(e.Error);
                    phase.Complete();
                    return;
                }
            }
        }
        finally
        {
            if (waitStarted is { } started)
            {
                accounting.Add(ThreadAccounting.Phase.Backpressure, started);
            }
        }
    }

    /// <summary>
    /// Writes a fence (one record) to <paramref name="changelog"/> and waits for it, retrying with back-off until it
    /// is written (a broker away, a partition whose leader moves are waited out); returns its offset.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="interrupted"/> turned true (a stop or a crash).</exception>
    public long WriteFence(TopicPartition changelog, Message<byte[], byte[]> fence, Func<bool> interrupted, Action throwIfFatal)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Not disposed: a report arriving after an interrupted wait must still find it usable.
            var done = new ManualResetEventSlim();
            DeliveryReport<byte[], byte[]>? report = null;
            while (true)
            {
                try
                {
                    producer.Produce(changelog, fence, r =>
                    {
                        report = r;
                        done.Set();
                    });
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    Thread.Sleep(1);
                }
                catch (KafkaException e) when (!e.Error.IsFatal)
                {
                    // E.g. Local: Unknown partition while the cluster's metadata moves: not written, wait and try again.
                    report = new DeliveryReport<byte[], byte[]> { Error = e.Error };
                    done.Set();
                    break;
                }
            }

            while (!done.Wait(FenceWait))
            {
                if (interrupted())
                {
                    throw new OperationCanceledException($"Fencing {changelog} interrupted by shutdown.");
                }
            }

            if (!report!.Error.IsError)
            {
                return report.Offset.Value;
            }

            throwIfFatal();
            TransientError?.Invoke(report.Error.Code);
            var delay = CustomerStream.Kafka.Faults.RetryBackoff.Delay(attempt, FenceMaxDelay);
            Log.ClientError(logger, applicationId, $"fence of {changelog} not written ({report.Error.Reason}); retrying in {delay.TotalSeconds:N1} s");
            var until = DateTime.UtcNow + delay;
            while (DateTime.UtcNow < until)
            {
                if (interrupted())
                {
                    throw new OperationCanceledException($"Fencing {changelog} interrupted by shutdown.");
                }

                Thread.Sleep(FenceWait);
            }
        }
    }

    /// <summary>Told of every client error the loop waits out (counted in metrics and figures).</summary>
    public Action<ErrorCode>? TransientError { get; init; }

    /// <summary>Waits up to <paramref name="timeout"/> for everything handed over to be acknowledged.</summary>
    public void Flush(TimeSpan timeout) => producer.Flush(timeout);
}
