using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace CustomerStream.Kafka.Inspection;

/// <summary>
/// Reads topics, message counts and consumer-group lag, for <c>customerstream status</c> and lag metrics.
/// Uses only requests the embedded cluster answers (metadata, list offsets, offset fetch).
/// </summary>
public sealed class KafkaClusterInspector : IDisposable
{
    private readonly KafkaClientFactory _clients;
    private readonly TimeSpan _timeout;
    private readonly IAdminClient _admin;
    private readonly IConsumer<Ignore, Ignore> _offsets;

    /// <summary>Connects to <see cref="KafkaOptions.BootstrapServers"/>.</summary>
    public KafkaClusterInspector(KafkaClientFactory clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _clients = clients;
        _timeout = TimeSpan.FromMilliseconds(clients.Options.AdminTimeoutMs);
        _admin = clients.CreateAdminClient("inspector");
        // Only used for watermark queries: it never subscribes, so it never joins this group.
        _offsets = clients.CreateConsumerBuilder<Ignore, Ignore>(clients.CreateConsumerConfig("customerstream-inspector", "inspector")).Build();
    }

    /// <summary>Brokers and topics (internal <c>__</c> topics left out) with their message counts.</summary>
    /// <exception cref="KafkaException">The cluster did not answer within the admin timeout.</exception>
    public Task<ClusterOverview> DescribeAsync(CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                var metadata = _admin.GetMetadata(_timeout);
                var topics = metadata.Topics
                    .Where(t => t.Error.Code == ErrorCode.NoError && !t.Topic.StartsWith("__", StringComparison.Ordinal))
                    .OrderBy(t => t.Topic, StringComparer.Ordinal)
                    .Select(t => new TopicOverview(
                        t.Topic,
                        t.Partitions.Count,
                        t.Partitions.Sum(p =>
                        {
                            var w = _offsets.QueryWatermarkOffsets(new TopicPartition(t.Topic, p.PartitionId), _timeout);
                            return w.High.Value - w.Low.Value;
                        })))
                    .ToList();
                var brokers = metadata.Brokers.OrderBy(b => b.BrokerId).Select(b => $"{b.BrokerId}@{b.Host}:{b.Port}").ToList();
                return new ClusterOverview(brokers, topics);
            },
            cancellationToken);

    /// <summary>
    /// Consumer groups the cluster knows. Only for <see cref="KafkaMode.External"/> clusters: the embedded
    /// cluster does not implement ListGroups, and librdkafka 2.16 crashes the process (double free) when
    /// asked against it; callers pass known group ids to <see cref="GetLagAsync"/> instead.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListGroupsAsync(CancellationToken cancellationToken)
    {
        if (_clients.Options.Mode != KafkaMode.External)
        {
            throw new InvalidOperationException("Listing consumer groups is not available on the embedded cluster.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var result = await _admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = _timeout })
            .ConfigureAwait(false);
        return result.Valid.Select(g => g.GroupId).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Lag of each group on each topic where it has committed at least one offset; a partition without a
    /// committed offset counts all its retained messages as lag.
    /// </summary>
    public async Task<IReadOnlyList<ConsumerGroupLag>> GetLagAsync(
        IEnumerable<string> groups, IReadOnlyList<TopicOverview> topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(topics);
        var partitions = topics
            .SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new TopicPartition(t.Name, p)))
            .ToList();
        var lags = new List<ConsumerGroupLag>();
        if (partitions.Count == 0)
        {
            return lags;
        }

        foreach (var group in groups.Distinct(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await _admin.ListConsumerGroupOffsetsAsync(
                [new ConsumerGroupTopicPartitions(group, partitions)],
                new ListConsumerGroupOffsetsOptions { RequestTimeout = _timeout }).ConfigureAwait(false);
            foreach (var byTopic in result.SelectMany(r => r.Partitions).GroupBy(p => p.Topic))
            {
                if (byTopic.All(p => p.Offset == Offset.Unset))
                {
                    continue;
                }

                var lag = 0L;
                foreach (var committed in byTopic)
                {
                    var w = await Task.Run(() => _offsets.QueryWatermarkOffsets(committed.TopicPartition, _timeout), cancellationToken)
                        .ConfigureAwait(false);
                    var from = committed.Offset == Offset.Unset ? w.Low.Value : committed.Offset.Value;
                    lag += Math.Max(0, w.High.Value - from);
                }

                lags.Add(new ConsumerGroupLag(group, byTopic.Key, byTopic.Count(), lag));
            }
        }

        return lags;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _offsets.Dispose();
        _admin.Dispose();
    }
}
