using Confluent.Kafka;
using CustomerStream.Kafka.Embedded;

namespace CustomerStream.Kafka.Topics;

/// <summary>
/// Provisions topics on an <see cref="EmbeddedKafkaCluster"/> running in this process, through the mock's own
/// topic creation (it has no CreateTopics API). Partition counts are checked through metadata like on real Kafka.
/// </summary>
public sealed class EmbeddedTopicProvisioner : ITopicProvisioner, IDisposable
{
    private const string AutoCreateHint =
        "(The embedded cluster creates an unknown topic with 4 partitions as soon as a client produces to it or asks " +
        "for its metadata; provision topics before any client uses them.)";

    private readonly EmbeddedKafkaCluster _cluster;
    private readonly KafkaClientFactory _clients;
    private readonly Lazy<IAdminClient> _admin;

    /// <summary>Creates a provisioner for <paramref name="cluster"/>.</summary>
    public EmbeddedTopicProvisioner(EmbeddedKafkaCluster cluster, KafkaClientFactory clients)
    {
        _cluster = cluster;
        _clients = clients;
        _admin = new Lazy<IAdminClient>(() => clients.CreateAdminClient("topic-provisioner"));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProvisionedTopic>> EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(_clients.Options.AdminTimeoutMs);
        return TopicProvisioning.EnsureAsync(
            topics,
            _clients.Options.DefaultPartitions,
            ct => ClusterMetadata.ReadPartitionCountsAsync(_admin.Value, timeout, ct),
            CreateAsync,
            timeout,
            AutoCreateHint,
            cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }

    private Task CreateAsync(IReadOnlyList<TopicSpec> missing, CancellationToken cancellationToken)
    {
        var replication = _clients.Options.ReplicationFactor ?? _cluster.BrokerCount;
        foreach (var topic in missing)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // "Already exists" means another caller won the race; the metadata check that follows verifies it.
            _cluster.CreateTopic(topic.Name, topic.Partitions!.Value, replication);
        }

        return Task.CompletedTask;
    }
}
