using Confluent.Kafka;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Projection.Writing;

namespace CustomerStream.Projection.Service;

/// <summary>
/// Collects one batch from a consumer: waits for the first record, then takes what is already fetched
/// until the batch is full or the wait is over, so a busy stream gives large batches (fewer, bigger
/// transactions) and a quiet one small, fresh ones.
/// </summary>
public sealed class BatchPoller(IRecordDecoder decoder, int maxRecords, TimeSpan maxWait)
{
    public async Task<ConsumedBatch> PollAsync(IConsumer<byte[]?, byte[]?> consumer, CancellationToken cancellationToken)
    {
        var consumed = new ConsumedBatch();
        var first = consumer.Consume(cancellationToken);
        if (first is null)
        {
            return consumed;
        }

        var deadline = DateTime.UtcNow + maxWait;
        await AddAsync(consumed, first, cancellationToken);
        while (consumed.Records < maxRecords)
        {
            var remaining = deadline - DateTime.UtcNow;
            var next = consumer.Consume(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            if (next is null)
            {
                break;
            }

            await AddAsync(consumed, next, cancellationToken);
        }

        return consumed;
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

        var value = await decoder.DecodeAsync(record, cancellationToken);
        var batch = consumed.Batch;
        switch (value)
        {
            case null:
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
