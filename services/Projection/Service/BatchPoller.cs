using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Projection.Writing;

namespace CustomerStream.Projection.Service;

/// <summary>
/// Collects one batch from a consumer: waits for the first record, then takes what the consumer has
/// already fetched, up to <c>maxRecords</c>, without waiting for more (unless <c>maxWait</c> asks it to).
/// Under backlog the client has fetched plenty while the previous batch was written, so batches grow
/// large; when the stream is quiet each record goes out alone, at once.
/// </summary>
public sealed class BatchPoller(IRecordDecoder decoder, int maxRecords, TimeSpan maxWait, Action<TopicPartition, long, long>? onLost = null)
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<TopicPartition, long> _expected = [];

    /// <summary>Time spent waiting for a first record (idle) and decoding records, since this poller was made.</summary>
    public TimeSpan Waiting { get; private set; }

    public TimeSpan Decoding { get; private set; }

    public async Task<ConsumedBatch> PollAsync(IConsumer<byte[]?, byte[]?> consumer, CancellationToken cancellationToken)
    {
        var consumed = new ConsumedBatch();
        var waiting = Stopwatch.GetTimestamp();
        ConsumeResult<byte[]?, byte[]?>? first;
        try
        {
            // Not Consume(cancellationToken), which blocks until a record comes: an idle service returns now and
            // then, so it can report its assignment (ProjectionMetrics.AssignedPartitions) before data arrives.
            first = consumer.Consume(IdlePoll);
        }
        finally
        {
            Waiting += Stopwatch.GetElapsedTime(waiting);
        }

        if (first is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return consumed;
        }

        var deadline = DateTime.UtcNow + maxWait;
        CheckContinuity(consumer, first);
        await AddAsync(consumed, first, cancellationToken);
        while (consumed.Records < maxRecords)
        {
            var remaining = deadline - DateTime.UtcNow;
            var next = consumer.Consume(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            if (next is null)
            {
                break;
            }

            CheckContinuity(consumer, next);
            await AddAsync(consumed, next, cancellationToken);
        }

        return consumed;
    }

    /// <summary>
    /// The projection's inputs are neither compacted nor transactional, so a record further on than the next one
    /// expected (the last read + 1, or the group's committed offset for a partition read for the first time) means
    /// records were removed by retention before they were read: that is reported, never passed over quietly.
    /// </summary>
    private void CheckContinuity(IConsumer<byte[]?, byte[]?> consumer, ConsumeResult<byte[]?, byte[]?> record)
    {
        if (record.IsPartitionEOF)
        {
            return;
        }

        var tp = record.TopicPartition;
        if (!_expected.TryGetValue(tp, out var expected))
        {
            var committed = consumer.Committed([tp], TimeSpan.FromSeconds(10)).FirstOrDefault()?.Offset ?? Offset.Unset;
            expected = committed.IsSpecial ? record.Offset.Value : committed.Value;
        }

        if (record.Offset.Value > expected)
        {
            onLost?.Invoke(tp, expected, record.Offset.Value);
        }

        _expected[tp] = record.Offset.Value + 1;
    }

    /// <summary>Adds one consumed record (end-of-partition events only move nothing).</summary>
    public async Task AddAsync(ConsumedBatch consumed, ConsumeResult<byte[]?, byte[]?> record, CancellationToken cancellationToken)
    {
        if (record.IsPartitionEOF)
        {
            return;
        }

        consumed.Records++;
        consumed.NextOffsets[record.TopicPartition] = record.Offset + 1;
        ProjectionTelemetry.CollectLink(consumed.TraceLinks, record.Message.Headers);
        if (record.Message.Timestamp.Type != TimestampType.NotAvailable)
        {
            consumed.TimestampsMs.Add(record.Message.Timestamp.UnixTimestampMs);
        }

        var decoding = Stopwatch.GetTimestamp();
        var value = await decoder.DecodeAsync(record, cancellationToken);
        Decoding += Stopwatch.GetElapsedTime(decoding);
        var batch = consumed.Batch;
        switch (value)
        {
            case null:
                return;
            case UndecodableRecord undecodable:
                consumed.DeadLetters.Add((record, undecodable.Error));
                return;
            case CustomerChange change:
                batch.Changes.Add(change);
                break;
            case IdentityLink link:
                batch.Links.Add(link);
                break;
            case CustomerMerged merged:
                batch.Merges.Add(merged);
                break;
            case RejectedRecord rejected:
                batch.Rejections.Add(rejected);
                break;
            default:
                throw new InvalidOperationException($"The projection does not consume {value.GetType().Name} (topic {record.Topic})");
        }

        batch.Partitions.Add(new SourcePartition(record.Topic, record.Partition.Value));
    }
}
