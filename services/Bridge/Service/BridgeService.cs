using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Bridge.Hosting;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Faults;
using CustomerStream.Kafka.Topics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Bridge.Service;

/// <summary>
/// The bridge: consumes <c>customer.profile-changed.v1</c> and <c>customer.merged.v1</c>, publishes each record as a
/// MassTransit message to RabbitMQ and commits the Kafka offsets of a batch only after RabbitMQ confirmed every
/// message of it. Delivery is at least once: a crash, a rebalance or a publish sent again repeats messages, and
/// RabbitMQ's redelivery and competing consumers reorder them, which the version rule on the subscriber's side
/// absorbs. While RabbitMQ or the Schema Registry is away the bridge waits and tries again; the records wait in
/// Kafka. Stopping finishes the batch in hand when RabbitMQ answers, and otherwise leaves it uncommitted, to be
/// published again on restart.
/// </summary>
public sealed partial class BridgeService(
    ITopicProvisioner provisioner,
    Func<string, IConsumer<byte[]?, byte[]?>> createConsumer,
    BridgeDecoder decoder,
    ConfirmedPublisher publisher,
    IOptions<BridgeOptions> options,
    BridgeMetrics metrics,
    BridgeStatus status,
    ILogger<BridgeService> logger,
    DeadLetterPublisher deadLetters) : BackgroundService
{
    private static readonly TimeSpan ConsumeErrorPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    // Offsets of batches RabbitMQ confirmed whose commit has not succeeded yet (only the consume loop touches it).
    private readonly Dictionary<TopicPartition, Offset> _uncommitted = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The consume loop blocks a thread; keep it off the host's start-up path.
        await Task.Yield();
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            status.Stopped(e.Message);
            LogFailed(logger, e);
            throw;
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        await provisioner.EnsureTopicsAsync(BridgeTopics.Specs, stoppingToken);
        using var consumer = createConsumer(settings.GroupId);
        consumer.Subscribe(BridgeTopics.Names);
        LogStarted(logger, settings.GroupId, string.Join(", ", BridgeTopics.Names));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                BridgeBatch batch;
                try
                {
                    batch = await PollAsync(consumer, settings, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                if (batch.IsEmpty)
                {
                    continue;
                }

                var clock = Stopwatch.StartNew();
                try
                {
                    await deadLetters.PublishAsync(batch.DeadLetters, stoppingToken);
                    await publisher.PublishAllAsync(batch.Messages, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    LogStoppedUnconfirmed(logger, batch.Messages.Count);
                    break;
                }

                Commit(consumer, batch);
                metrics.BatchDone(clock.Elapsed);
                metrics.SetLag(consumer.RecordsBehind());
                LogBatch(logger, batch.Records, batch.Messages.Count, clock.Elapsed.TotalMilliseconds);
            }
        }
        finally
        {
            CommitPending(consumer);
            consumer.Close();
        }
    }

    /// <summary>
    /// Waits (a while) for a first record, then takes what is already fetched until the batch is full or the wait
    /// is over. A quiet poll retries a commit that failed, so confirmed offsets do not wait for the next record.
    /// </summary>
    private async Task<BridgeBatch> PollAsync(IConsumer<byte[]?, byte[]?> consumer, BridgeOptions settings, CancellationToken stoppingToken)
    {
        var batch = new BridgeBatch();
        var first = Consume(consumer, IdlePoll, out var failed);
        if (first is null)
        {
            if (failed)
            {
                // After a consume error: give librdkafka a moment instead of spinning on it.
                await Task.Delay(ConsumeErrorPause, stoppingToken);
            }

            CommitPending(consumer);
            return batch;
        }

        var deadline = DateTime.UtcNow.AddMilliseconds(settings.MaxBatchWaitMs);
        await AddAsync(batch, first, stoppingToken);
        while (batch.Records < settings.MaxBatchSize)
        {
            var remaining = deadline - DateTime.UtcNow;
            var next = Consume(consumer, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, out _);
            if (next is null)
            {
                break;
            }

            await AddAsync(batch, next, stoppingToken);
        }

        return batch;
    }

    private ConsumeResult<byte[]?, byte[]?>? Consume(IConsumer<byte[]?, byte[]?> consumer, TimeSpan timeout, out bool failed)
    {
        failed = false;
        try
        {
            return consumer.Consume(timeout);
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            // A topic not there yet, a broker away: librdkafka recovers by itself; the next poll tries again.
            LogConsumeError(logger, e.Error.Code, e.Error.Reason);
            failed = true;
            return null;
        }
    }

    private async Task AddAsync(BridgeBatch batch, ConsumeResult<byte[]?, byte[]?> record, CancellationToken stoppingToken)
    {
        if (record.IsPartitionEOF)
        {
            return;
        }

        batch.Records++;
        batch.NextOffsets[record.TopicPartition] = record.Offset + 1;
        if (await decoder.DecodeAsync(record, batch.DeadLetters, stoppingToken) is { } message)
        {
            batch.Messages.Add(message);
        }
    }

    private void Commit(IConsumer<byte[]?, byte[]?> consumer, BridgeBatch batch)
    {
        foreach (var (partition, offset) in batch.NextOffsets)
        {
            _uncommitted[partition] = offset;
        }

        CommitPending(consumer);
    }

    /// <summary>Commits the offsets of every confirmed batch not committed yet; a failure leaves them for the next try.</summary>
    private void CommitPending(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_uncommitted.Count == 0)
        {
            return;
        }

        // Partitions revoked since belong to another instance now, which starts from the last committed offset and
        // publishes (harmlessly) again what this instance published.
        var assigned = consumer.Assignment.ToHashSet();
        foreach (var partition in _uncommitted.Keys.Where(p => !assigned.Contains(p)).ToList())
        {
            _uncommitted.Remove(partition);
        }

        if (_uncommitted.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(_uncommitted.Select(o => new TopicPartitionOffset(o.Key, o.Value)).ToList());
            _uncommitted.Clear();
        }
        catch (KafkaException e)
        {
            LogCommitFailed(logger, e.Error.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bridge consuming as group {GroupId}: {Topics}")]
    private static partial void LogStarted(ILogger logger, string groupId, string topics);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Published {Messages} messages for {Records} records, confirmed in {Milliseconds:F0} ms")]
    private static partial void LogBatch(ILogger logger, int records, int messages, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consuming failed ({Code}: {Reason}); polling again")]
    private static partial void LogConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Committing offsets failed ({Reason}); trying again with the next batch (until then a restart would publish those messages again)")]
    private static partial void LogCommitFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping with {Messages} messages not confirmed by RabbitMQ: their offsets stay uncommitted and they are published again on restart")]
    private static partial void LogStoppedUnconfirmed(ILogger logger, int messages);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The bridge stopped on an error")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
