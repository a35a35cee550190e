using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Projection.Service;

namespace CustomerStream.Projection.Rebuild;

/// <summary>
/// Reads the retained topics from the beginning up to where they ended when the replay started, with a
/// consumer of its own (a fresh group that commits nothing), and applies them batch by batch to a
/// <see cref="RebuildSession"/> through the same writer as the live projection.
/// </summary>
/// <param name="createConsumer">Creates a consumer for the given (fresh) group id.</param>
/// <param name="decoder">Decodes the topics' records.</param>
/// <param name="batchSize">Records per applied batch.</param>
public sealed class TopicReplayer(Func<string, IConsumer<byte[]?, byte[]?>> createConsumer, IRecordDecoder decoder, int batchSize = 20_000)
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollWait = TimeSpan.FromMilliseconds(200);

    /// <summary>Replays <paramref name="topics"/> into <paramref name="session"/>; the caller commits the session.</summary>
    /// <returns>The final progress.</returns>
    public async Task<ReplayProgress> ReplayAsync(
        RebuildSession session, IReadOnlyList<string> topics, IProgress<ReplayProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var consumer = createConsumer($"customerstream-projection-rebuild-{Guid.NewGuid():N}");
        var ends = Ends(consumer, topics);

        // A partition whose log no longer starts at offset 0 has lost records to retention: replaying the
        // rest would build marts that look complete and are not.
        var truncated = ends.Where(e => e.Value.Low > 0).Select(e => $"{e.Key.Topic}[{e.Key.Partition.Value}] starts at offset {e.Value.Low}").ToList();
        if (truncated.Count > 0)
        {
            throw new RetainedLogTruncatedException(
                $"The retained log is incomplete ({string.Join(", ", truncated.Take(5))}{(truncated.Count > 5 ? ", …" : "")}): a rebuild from it would miss records.");
        }

        var total = ends.Values.Sum(e => e.High - e.Low);
        var remaining = ends.Where(e => e.Value.High > e.Value.Low).ToDictionary(e => e.Key, e => e.Value.High);
        consumer.Assign(remaining.Keys.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));

        var poller = new BatchPoller(decoder, batchSize, PollWait);
        long consumed = 0, written = 0;
        var batch = new ConsumedBatch();
        while (remaining.Count > 0 || !batch.IsEmpty)
        {
            var record = remaining.Count > 0 ? consumer.Consume(PollWait) : null;
            if (record is not null && !record.IsPartitionEOF && remaining.TryGetValue(record.TopicPartition, out var end) && record.Offset.Value < end)
            {
                await poller.AddAsync(batch, record, cancellationToken);
                if (record.Offset.Value + 1 >= end)
                {
                    remaining.Remove(record.TopicPartition);
                    consumer.Pause([record.TopicPartition]);
                }
            }

            if (batch.Records >= batchSize || (record is null && !batch.IsEmpty) || (remaining.Count == 0 && !batch.IsEmpty))
            {
                var result = await session.ApplyAsync(batch.Batch, cancellationToken);
                consumed += batch.Records;
                written += result.DocumentsWritten;
                batch = new ConsumedBatch();
                progress?.Report(new ReplayProgress(consumed, total, written, clock.Elapsed));
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        consumer.Close();
        var final = new ReplayProgress(consumed, total, written, clock.Elapsed);
        progress?.Report(final);
        return final;
    }

    private static Dictionary<TopicPartition, (long Low, long High)> Ends(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyList<string> topics)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var ends = new Dictionary<TopicPartition, (long, long)>();
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, MetadataTimeout).Topics.Single();
            if (metadata.Error.IsError)
            {
                // A topic nothing was ever written to may not exist yet: there is nothing to replay from it.
                continue;
            }

            foreach (var partition in metadata.Partitions)
            {
                var tp = new TopicPartition(topic, partition.PartitionId);
                var watermarks = consumer.QueryWatermarkOffsets(tp, MetadataTimeout);
                ends[tp] = (watermarks.Low.Value, watermarks.High.Value);
            }
        }

        return ends;
    }
}
