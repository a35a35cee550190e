using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerStream.Kafka.Faults;

/// <summary>
/// For a consumer outside the stream runtime (the projection, the bridge): sends its undecodable records to its
/// dead-letter topic (<see cref="DeadLetters"/>: the record as it was, with the error, source topic, partition and
/// offset) and waits for the acknowledgements, to be called before the batch that read them commits its offsets: a
/// dead letter is never lost, at worst written twice. A broker that does not take them is waited out with
/// <see cref="RetryBackoff"/>.
/// </summary>
/// <param name="createProducer">Creates the (idempotent) producer, on first use.</param>
/// <param name="topic">The dead-letter topic.</param>
/// <param name="groupId">The consumer group that gives up on the records (the dead letters' stage header).</param>
/// <param name="logger">Logs each dead letter and each retry.</param>
/// <param name="time">Clock of the back-off.</param>
public sealed partial class DeadLetterPublisher(
    Func<IProducer<byte[], byte[]>> createProducer, string topic, string groupId, ILogger? logger = null, TimeProvider? time = null) : IDisposable
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private IProducer<byte[], byte[]>? _producer;

    /// <summary>The dead-letter topic.</summary>
    public string Topic { get; } = topic;

    /// <summary>Sends <paramref name="records"/>; returns once all are acknowledged (or throws when <paramref name="cancellationToken"/> fires).</summary>
    public async Task PublishAsync(IReadOnlyList<(ConsumeResult<byte[]?, byte[]?> Record, Exception Error)> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        _producer ??= createProducer();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                foreach (var (record, error) in records)
                {
                    var message = DeadLetters.Create(groupId, record.Topic, record.Partition.Value, record.Offset.Value, record.Message.Timestamp,
                        record.Message.Key, record.Message.Value, record.Message.Headers, error);
                    await _producer.ProduceAsync(Topic, message, cancellationToken).ConfigureAwait(false);
                    LogDeadLettered(_logger, record.Topic, record.Partition.Value, record.Offset.Value, Topic, error.Message);
                }

                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (!e.Error.IsFatal)
            {
                var delay = RetryBackoff.Delay(attempt);
                LogRetry(_logger, Topic, attempt, delay.TotalSeconds, e.Error.Reason);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Disposes the producer (what was acknowledged stays written).</summary>
    public void Dispose() => _producer?.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead-lettered an undecodable record of {Topic} [{Partition}] @{Offset} to {DeadLetterTopic}: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string topic, int partition, long offset, string deadLetterTopic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing to {DeadLetterTopic} failed (attempt {Attempt}); retrying in {Seconds:N1} s, the batch waits: {Reason}")]
    private static partial void LogRetry(ILogger logger, string deadLetterTopic, int attempt, double seconds, string reason);
}
