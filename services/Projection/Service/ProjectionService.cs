using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Kafka;
using CustomerStream.Projection.Storage;
using CustomerStream.Projection.Writing;
using CustomerStream.Kafka.Faults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Projection.Service;

/// <summary>
/// The projection service: migrates the schema, then consumes the aggregator's changes, identity links,
/// merges and rejections, applies each poll as one database transaction and commits the offsets only
/// after that transaction committed. Delivery is at-least-once; the writer's version rules make
/// redelivery harmless. Stopping finishes and commits the batch in hand. While PostgreSQL is away (a
/// restart, a fail-over, a cut connection) the service waits and retries the batch in hand
/// (<see cref="DatabaseOutage"/>) instead of dying; the records wait in the topics. A record that cannot be
/// decoded goes to the dead-letter topic (<see cref="DeadLetterPublisher"/>) before its batch commits.
/// </summary>
public sealed partial class ProjectionService(
    MartSchemaMigrator migrator,
    MartWriter writer,
    IRecordDecoder decoder,
    Func<string, IConsumer<byte[]?, byte[]?>> createConsumer,
    ProjectionTopicNames topics,
    IOptions<ProjectionOptions> options,
    ProjectionMetrics metrics,
    ILogger<ProjectionService> logger,
    DatabaseOutage? outage = null,
    DeadLetterPublisher? deadLetters = null) : BackgroundService
{
    private readonly DatabaseOutage _outage = outage ?? new DatabaseOutage(logger);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The consume loop blocks a thread; keep it off the host's start-up path.
        await Task.Yield();
        await _outage.RunAsync("migrating the mart schema", migrator.MigrateAsync, stoppingToken);
        var settings = options.Value;
        using var consumer = createConsumer(settings.GroupId);
        consumer.Subscribe(topics.All);
        LogStarted(logger, settings.GroupId, string.Join(", ", topics.All));
        var poller = new BatchPoller(decoder, settings.MaxBatchSize, TimeSpan.FromMilliseconds(settings.MaxBatchWaitMs), (tp, expected, found) =>
        {
            metrics.RecordsLost(tp.Topic, found - expected);
            LogRecordsLost(logger, found - expected, tp.Topic, tp.Partition.Value, expected, found);
        });
        TimeSpan waited = TimeSpan.Zero, decoded = TimeSpan.Zero;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumedBatch consumed;
                try
                {
                    consumed = await poller.PollAsync(consumer, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                metrics.SetAssigned(consumer.Assignment.Count);
                if (consumed.IsEmpty)
                {
                    continue;
                }

                if (!await DeadLetterAsync(consumed, stoppingToken))
                {
                    break;
                }

                // The batch in hand is finished even when stopping: applied, then committed. Only a database
                // that stays away while the service stops leaves it uncommitted, to be read again on restart.
                using var activity = ProjectionTelemetry.StartBatch(consumed, settings.GroupId);
                BatchResult result;
                try
                {
                    result = await _outage.RunAsync(
                        "applying a batch", token => writer.ApplyAsync(consumed.Batch, token), CancellationToken.None, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "stopped while the database was away");
                    break;
                }

                FailPoints.Reach(FailPoints.ProjectionAfterDatabaseCommit);
                var committing = Stopwatch.GetTimestamp();
                Commit(consumer, consumed);
                var offsetCommit = Stopwatch.GetElapsedTime(committing);
                metrics.BatchApplied(consumed.Records, result, poller.Waiting - waited, poller.Decoding - decoded, offsetCommit);
                (waited, decoded) = (poller.Waiting, poller.Decoding);
                metrics.Committed(consumed.TimestampsMs, DateTimeOffset.UtcNow);
                activity?.SetTag("customerstream.projection.documents_written", result.DocumentsWritten);
                metrics.SetLag(consumer.RecordsBehind());
                LogBatch(logger, consumed.Records, result.ChangesApplied, result.ChangesSkipped, result.DocumentsWritten, result.Elapsed.TotalMilliseconds);
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>Writes the batch's undecodable records to the dead-letter topic; false when stopped before they were all taken.</summary>
    private async Task<bool> DeadLetterAsync(ConsumedBatch consumed, CancellationToken stoppingToken)
    {
        if (consumed.DeadLetters.Count == 0)
        {
            return true;
        }

        if (deadLetters is null)
        {
            // Never commit past a record that went nowhere.
            throw new InvalidOperationException(
                $"{consumed.DeadLetters.Count} records could not be decoded and the projection has no dead-letter topic to send them to.");
        }

        try
        {
            await deadLetters.PublishAsync(consumed.DeadLetters, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }

        foreach (var (record, _) in consumed.DeadLetters)
        {
            metrics.DeadLettered(record.Topic);
        }

        return true;
    }

    private void Commit(IConsumer<byte[]?, byte[]?> consumer, ConsumedBatch consumed)
    {
        // Partitions revoked while the batch was collected belong to another instance now, which starts
        // from the last committed offset and re-applies (harmlessly) what this batch wrote.
        var assigned = consumer.Assignment.ToHashSet();
        var offsets = consumed.NextOffsets.Where(o => assigned.Contains(o.Key)).Select(o => new TopicPartitionOffset(o.Key, o.Value)).ToList();
        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException e)
        {
            LogCommitFailed(logger, e.Error.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Projection consuming as group {GroupId}: {Topics}")]
    private static partial void LogStarted(ILogger logger, string groupId, string topics);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Applied {Records} records: {Applied} changes applied, {Skipped} skipped, {Documents} documents in {Milliseconds:F0} ms")]
    private static partial void LogBatch(ILogger logger, int records, int applied, int skipped, int documents, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Committing offsets failed ({Reason}); the batch is applied and will be re-read harmlessly")]
    private static partial void LogCommitFailed(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Error, "The projection LOST {Count} records of {Topic}[{Partition}]: it expected offset {Expected} and the partition continues at {Found} (retention removed records before they were read)")]
    private static partial void LogRecordsLost(ILogger logger, long count, string topic, int partition, long expected, long found);
}
