using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CustomerStream.Kafka.Inspection;

/// <summary>
/// Reads, for the partitions of some topics, where each log begins and ends and what each consumer group has
/// committed: how far behind the groups are (lag, for pacing producers) and whether retention removed records a
/// group had not read yet. Uses only requests the embedded cluster answers (metadata, list offsets, offset fetch);
/// a look costs three requests plus one per group, whatever the number of partitions.
/// </summary>
public sealed class ConsumerPositionReader : IDisposable
{
    private readonly IAdminClient _admin;
    private readonly TimeSpan _timeout;
    private readonly Dictionary<string, IReadOnlyList<TopicPartition>> _partitions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Connects to <see cref="KafkaOptions.BootstrapServers"/> of <paramref name="clients"/>.</summary>
    public ConsumerPositionReader(KafkaClientFactory clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _admin = clients.CreateAdminClient("positions");
        _timeout = TimeSpan.FromMilliseconds(clients.Options.AdminTimeoutMs);
    }

    /// <summary>A reader of the cluster at <paramref name="bootstrapServers"/> with default client settings.</summary>
    public static ConsumerPositionReader Connect(string bootstrapServers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        var options = Options.Create(new KafkaOptions { BootstrapServers = bootstrapServers });
        return new ConsumerPositionReader(new KafkaClientFactory(options, NullLoggerFactory.Instance));
    }

    /// <summary>Every partition of <paramref name="topics"/> with its log start and end and the committed offset of each of <paramref name="groups"/>.</summary>
    /// <exception cref="KafkaException">The cluster did not answer within the admin timeout, or a topic does not exist.</exception>
    public async Task<IReadOnlyList<PartitionPositions>> ReadAsync(
        IReadOnlyCollection<string> topics, IReadOnlyCollection<string> groups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(groups);
        var partitions = new List<TopicPartition>();
        foreach (var topic in topics)
        {
            partitions.AddRange(await PartitionsOfAsync(topic, cancellationToken).ConfigureAwait(false));
        }

        if (partitions.Count == 0)
        {
            return [];
        }

        var options = new ListOffsetsOptions { RequestTimeout = _timeout };
        var starts = await _admin.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Earliest() }), options).ConfigureAwait(false);
        var ends = await _admin.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Latest() }), options).ConfigureAwait(false);
        var start = starts.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.TopicPartition, r => r.TopicPartitionOffsetError.Offset.Value);
        var end = ends.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.TopicPartition, r => r.TopicPartitionOffsetError.Offset.Value);
        var committed = new Dictionary<string, Dictionary<TopicPartition, long?>>(StringComparer.Ordinal);
        foreach (var group in groups.Distinct(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await _admin.ListConsumerGroupOffsetsAsync(
                [new ConsumerGroupTopicPartitions(group, partitions)],
                new ListConsumerGroupOffsetsOptions { RequestTimeout = _timeout }).ConfigureAwait(false);
            committed[group] = result.SelectMany(r => r.Partitions)
                .ToDictionary(p => p.TopicPartition, p => p.Offset.IsSpecial ? (long?)null : p.Offset.Value);
        }

        return partitions
            .Select(p => new PartitionPositions(
                p.Topic,
                p.Partition.Value,
                start[p],
                end[p],
                committed.ToDictionary(c => c.Key, c => c.Value.GetValueOrDefault(p), StringComparer.Ordinal)))
            .ToList();
    }

    /// <summary>
    /// Records each group lost to retention on the topics it reads (its committed offset below the log start), one
    /// entry per partition and group that lost any; empty when none did.
    /// </summary>
    /// <remarks>
    /// Only committed offsets are visible from outside a consumer: a group that had fetched records but not committed
    /// them when they were removed counts them as lost, and a group that already skipped past a gap and committed
    /// beyond it shows none. Look while the groups consume (see <see cref="RetentionWatch"/>), not only at the end.
    /// </remarks>
    public async Task<IReadOnlyList<RetentionLoss>> FindRetentionLossesAsync(IEnumerable<ConsumerGroupTopics> consumers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consumers);
        var losses = new List<RetentionLoss>();
        foreach (var consumer in consumers)
        {
            foreach (var partition in await ReadAsync(consumer.Topics, [consumer.Group], cancellationToken).ConfigureAwait(false))
            {
                if (partition.LostTo(consumer.Group) is > 0 and var lost)
                {
                    losses.Add(new RetentionLoss(partition.Topic, partition.Partition, consumer.Group, lost));
                }
            }
        }

        return losses;
    }

    /// <inheritdoc />
    public void Dispose() => _admin.Dispose();

    private async Task<IReadOnlyList<TopicPartition>> PartitionsOfAsync(string topic, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_partitions.TryGetValue(topic, out var known))
            {
                return known;
            }
        }

        var metadata = await Task.Run(() => _admin.GetMetadata(topic, _timeout), cancellationToken).ConfigureAwait(false);
        var found = metadata.Topics.SingleOrDefault(t => t.Topic == topic);
        if (found is null || found.Error.IsError || found.Partitions.Count == 0)
        {
            throw new KafkaException(found?.Error.IsError == true ? found.Error : new Error(ErrorCode.UnknownTopicOrPart, $"topic {topic} does not exist"));
        }

        var partitions = found.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).OrderBy(p => p.Partition.Value).ToList();
        lock (_gate)
        {
            _partitions[topic] = partitions;
        }

        return partitions;
    }
}
