using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Streaming.Changelog;
using CustomerStream.Streaming.Telemetry;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Streaming.Runtime;

/// <summary>Reads a task's changelog partition over a range of offsets and applies what the replay rules commit.</summary>
internal sealed class ChangelogRestorer(
    IConsumer<byte[], byte[]> consumer,
    string applicationId,
    TimeSpan progressInterval,
    StreamingMetrics metrics,
    ILogger logger)
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Replays offsets <paramref name="from"/> to <paramref name="toInclusive"/> of the task's changelog
    /// partition through <paramref name="replayer"/> into the task's stores. Returns the records read.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="shouldStop"/> turned true.</exception>
    public long Restore(TaskStateManager task, long from, long toInclusive, ChangelogReplayer replayer, Func<bool> shouldStop, string source)
    {
        var tp = task.Changelog;
        var partition = tp.Partition.Value;
        Log.RestoreStarting(logger, applicationId, partition, from, toInclusive, source);
        var clock = Stopwatch.StartNew();
        var lastReport = clock.Elapsed;
        long read = 0;
        long reported = 0;
        var position = from;
        if (from > toInclusive)
        {
            return 0;
        }

        // A changelog that lost its head (retention; the embedded cluster keeps about 5 MB per partition) cannot
        // rebuild the state: stop here rather than start from whatever is left.
        var start = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(30)).Low.Value;
        if (start > from)
        {
            throw new ChangelogTruncatedException(tp.Topic, partition, from, start);
        }

        consumer.Assign(new TopicPartitionOffset(tp, new Offset(from)));
        try
        {
            while (true)
            {
                if (shouldStop())
                {
                    throw new OperationCanceledException($"Restore of task {partition} interrupted by shutdown.");
                }

                var result = consumer.Consume(PollTimeout);
                if (result is not null && !result.IsPartitionEOF)
                {
                    read++;
                    position = result.Offset.Value;
                    var entry = ChangelogFormat.Decode(result.Offset.Value, result.Message.Key, result.Message.Value);
                    if (replayer.Accept(entry) is { } committed)
                    {
                        task.ApplyRestored(committed);
                    }

                    if (result.Offset.Value >= toInclusive)
                    {
                        break;
                    }
                }

                if (clock.Elapsed - lastReport >= progressInterval)
                {
                    var remaining = Math.Max(0, toInclusive - position);
                    Log.RestoreProgress(logger, applicationId, partition, read, remaining);
                    metrics.RestoreProgress(partition, read - reported, remaining);
                    reported = read;
                    lastReport = clock.Elapsed;
                }
            }
        }
        finally
        {
            consumer.Unassign();
        }

        metrics.RestoreProgress(partition, read - reported, 0);
        metrics.RestoreFinished(partition, clock.Elapsed);
        Log.RestoreFinished(logger, applicationId, partition, read, replayer.CommittedBatches, replayer.Discarded, clock.ElapsedMilliseconds);
        return read;
    }
    /// <summary>
    /// Reads the input records of a planned batch: per partition of <paramref name="plan"/>, from the task's
    /// offset <paramref name="start"/> up to the plan's end offset, in the order the batch processes them
    /// (topic, partition, offset).
    /// </summary>
    /// <exception cref="InvalidOperationException">Records of the plan are no longer in their topic (retention).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="shouldStop"/> turned true.</exception>
    public List<ConsumeResult<byte[], byte[]>> ReadPlanned(
        BatchPlan plan, IReadOnlyDictionary<TopicPartition, long> start, Func<bool> shouldStop)
    {
        var records = new List<ConsumeResult<byte[], byte[]>>();
        foreach (var (tp, end) in plan.EndOffsets.OrderBy(e => e.Key.Topic, StringComparer.Ordinal).ThenBy(e => e.Key.Partition.Value))
        {
            var from = start.TryGetValue(tp, out var offset) ? offset : 0;
            if (from >= end)
            {
                continue;
            }

            var low = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(30)).Low.Value;
            if (low > from)
            {
                throw new InvalidOperationException(
                    $"The batch {plan.Batch} of {applicationId} must be processed again from {tp.Topic}[{tp.Partition.Value}] offset {from}, "
                    + $"but the topic now starts at {low}: its retention removed records the batch produced outputs for.");
            }

            consumer.Assign(new TopicPartitionOffset(tp, new Offset(from)));
            try
            {
                while (true)
                {
                    if (shouldStop())
                    {
                        throw new OperationCanceledException($"Reading the planned batch {plan.Batch} interrupted by shutdown.");
                    }

                    var result = consumer.Consume(PollTimeout);
                    if (result is null || result.IsPartitionEOF)
                    {
                        continue;
                    }

                    if (result.Offset.Value >= end)
                    {
                        break;
                    }

                    records.Add(result);
                    if (result.Offset.Value == end - 1)
                    {
                        break;
                    }
                }
            }
            finally
            {
                consumer.Unassign();
            }
        }

        return records;
    }
}
