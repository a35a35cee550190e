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
    private readonly TopicProvisioning _provisioning;

    /// <summary>Creates a provisioner for <paramref name="cluster"/>.</summary>
    public EmbeddedTopicProvisioner(EmbeddedKafkaCluster cluster, KafkaClientFactory clients)
    {
        _cluster = cluster;
        _provisioning = new TopicProvisioning(clients, CreateAsync, AutoCreateHint);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProvisionedTopic>> EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken) =>
        _provisioning.EnsureAsync(topics, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _provisioning.Dispose();

    private Task CreateAsync(IReadOnlyList<TopicSpec> missing, CancellationToken cancellationToken)
    {
        var replication = _provisioning.Options.ReplicationFactor ?? _cluster.BrokerCount;
        foreach (var topic in missing)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // "Already exists" means another caller won the race; the metadata check that follows verifies it.
            _cluster.CreateTopic(topic.Name, topic.Partitions!.Value, replication);
        }

        return Task.CompletedTask;
    }
}
