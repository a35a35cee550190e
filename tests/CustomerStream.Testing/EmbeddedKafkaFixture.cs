using CustomerStream.Kafka.Embedded;

namespace CustomerStream.Testing;

/// <summary>An in-process three-broker Kafka-protocol cluster, shared by the tests of a class or collection.</summary>
public sealed class EmbeddedKafkaFixture : IKafkaTestCluster, IDisposable
{
    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start(brokerCount: 3);

    public string BootstrapServers => _cluster.BootstrapServers;

    public EmbeddedKafkaCluster? Faults => _cluster;

    public EmbeddedKafkaCluster Cluster => _cluster;

    public Task CreateTopicAsync(string name, int partitions, CancellationToken cancellationToken = default)
    {
        _cluster.CreateTopic(name, partitions, replicationFactor: 3);
        return Task.CompletedTask;
    }

    public void Dispose() => _cluster.Dispose();
}
