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
    public long Restore(StreamTask task, long from, long toInclusive, ChangelogReplayer replayer, Func<bool> shouldStop, string source)
    {
        var tp = new TopicPartition(task.ChangelogTopic, task.Partition);
        Log.RestoreStarting(logger, applicationId, task.Partition, from, toInclusive, source);
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
            throw new ChangelogTruncatedException(tp.Topic, task.Partition, from, start);
        }

        consumer.Assign(new TopicPartitionOffset(tp, new Offset(from)));
        try
        {
            while (true)
            {
                if (shouldStop())
                {
                    throw new OperationCanceledException($"Restore of task {task.Partition} interrupted by shutdown.");
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
                    Log.RestoreProgress(logger, applicationId, task.Partition, read, remaining);
                    metrics.RestoreProgress(task.Partition, read - reported, remaining);
                    reported = read;
                    lastReport = clock.Elapsed;
                }
            }
        }
        finally
        {
            consumer.Unassign();
        }

        metrics.RestoreProgress(task.Partition, read - reported, 0);
        metrics.RestoreFinished(task.Partition, clock.Elapsed);
        Log.RestoreFinished(logger, applicationId, task.Partition, read, replayer.CommittedBatches, replayer.Discarded, clock.ElapsedMilliseconds);
        return read;
    }
}
