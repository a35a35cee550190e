using System.Diagnostics;
using CustomerStream.Messages;
using CustomerStream.Kafka.Faults;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Bridge.Service;

/// <summary>
/// Publishes a batch of messages through MassTransit and returns only when RabbitMQ confirmed every one
/// (publisher confirms; MassTransit's RabbitMQ transport waits for them before a publish completes). A publish
/// that fails or is not confirmed within <see cref="BridgeOptions.PublishTimeoutMs"/> is sent again, after a
/// growing pause, until it is confirmed: a message may so reach RabbitMQ twice, never zero times.
/// </summary>
public sealed partial class ConfirmedPublisher(
    IPublishEndpoint publisher, IOptions<BridgeOptions> options, BridgeMetrics metrics, BridgeStatus status, ILogger<ConfirmedPublisher> logger)
{
    /// <summary>Source of the bridge's spans, one per message, each a child of the trace the Kafka record carried.</summary>
    public static readonly ActivitySource Source = new(BridgeMetrics.MeterName);

    private readonly TimeSpan _timeout = TimeSpan.FromMilliseconds(options.Value.PublishTimeoutMs);
    private readonly TimeSpan _maxDelay = TimeSpan.FromMilliseconds(options.Value.MaxRetryDelayMs);

    /// <summary>
    /// Publishes <paramref name="messages"/> until all are confirmed. The publishes in flight are never cancelled
    /// (a stopping service finishes its batch); <paramref name="stoppingToken"/> ends the pause between two attempts.
    /// </summary>
    /// <exception cref="OperationCanceledException">Stopping while messages were still unconfirmed: commit nothing.</exception>
    public async Task PublishAllAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var pending = messages;
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var publishes = new Task[pending.Count];
            for (var i = 0; i < pending.Count; i++)
            {
                publishes[i] = PublishAsync(pending[i]);
            }

            try
            {
                await Task.WhenAll(publishes).ConfigureAwait(false);
            }
            catch (Exception) when (publishes.Any(p => !p.IsCompletedSuccessfully))
            {
                // Each failed publish is looked at below.
            }

            var failed = new List<OutgoingMessage>();
            Exception? firstError = null;
            for (var i = 0; i < publishes.Length; i++)
            {
                if (publishes[i].IsCompletedSuccessfully)
                {
                    metrics.Confirmed(pending[i].Source.Topic);
                    continue;
                }

                failed.Add(pending[i]);
                firstError ??= publishes[i].Exception?.GetBaseException()
                               ?? new TimeoutException($"No confirmation within {_timeout.TotalSeconds:N0} s (Bridge:PublishTimeoutMs).");
            }

            if (failed.Count == 0)
            {
                if (attempt > 1)
                {
                    status.Recovered(BridgeStatus.RabbitMq);
                    LogRecovered(logger, attempt);
                }

                return;
            }

            var delay = RetryBackoff.Delay(attempt, _maxDelay);
            status.Fail(BridgeStatus.RabbitMq, firstError!.Message);
            metrics.PublishRetried(failed.Count);
            LogUnconfirmed(logger, failed.Count, pending.Count, attempt, delay.TotalSeconds, firstError.GetType().Name, firstError.Message);
            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            pending = failed;
        }
    }

    private async Task PublishAsync(OutgoingMessage outgoing)
    {
        using var activity = Source.StartActivity("bridge publish", ActivityKind.Internal, outgoing.Parent);
        activity?.SetTag("messaging.source.name", outgoing.Source.Topic);
        activity?.SetTag("messaging.kafka.source.partition", outgoing.Source.Partition.Value);
        activity?.SetTag("messaging.kafka.message.offset", outgoing.Source.Offset.Value);
        using var timeout = new CancellationTokenSource(_timeout);
        var id = outgoing.MessageId;
        switch (outgoing.Message)
        {
            case CustomerProfileChanged changed:
                await publisher.Publish(changed, context => context.MessageId = id, timeout.Token).ConfigureAwait(false);
                break;
            case CustomerMerged merged:
                await publisher.Publish(merged, context => context.MessageId = id, timeout.Token).ConfigureAwait(false);
                break;
            case CustomerErased erased:
                await publisher.Publish(erased, context => context.MessageId = id, timeout.Token).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"The bridge does not publish {outgoing.Message.GetType().Name}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failed} of {Messages} messages not confirmed by RabbitMQ (attempt {Attempt}); sending them again in {Seconds:N1} s. {ErrorType}: {Reason}")]
    private static partial void LogUnconfirmed(ILogger logger, int failed, int messages, int attempt, double seconds, string errorType, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "RabbitMQ confirmed the whole batch at attempt {Attempt}")]
    private static partial void LogRecovered(ILogger logger, int attempt);
}
