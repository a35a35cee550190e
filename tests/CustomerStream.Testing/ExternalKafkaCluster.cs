using CustomerStream.Kafka;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Kafka.Topics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CustomerStream.Testing;

/// <summary>
/// A real Kafka cluster the test run was pointed at (<c>CS_TEST_KAFKA_BOOTSTRAP</c>) or that a container
/// started; topics are created through the Admin API, faults cannot be injected.
/// </summary>
public sealed class ExternalKafkaCluster : IKafkaTestCluster, IDisposable
{
    private readonly AdminApiTopicProvisioner _provisioner;

    public ExternalKafkaCluster(string bootstrapServers)
    {
        BootstrapServers = bootstrapServers;
        var clients = new KafkaClientFactory(
            Options.Create(new KafkaOptions { BootstrapServers = bootstrapServers, Mode = KafkaMode.External, ReplicationFactor = 1 }),
            NullLoggerFactory.Instance);
        _provisioner = new AdminApiTopicProvisioner(clients, NullLogger<AdminApiTopicProvisioner>.Instance);
    }

    public string BootstrapServers { get; }

    public EmbeddedKafkaCluster? Faults => null;

    public Task CreateTopicAsync(string name, int partitions, CancellationToken cancellationToken = default) =>
        _provisioner.EnsureTopicsAsync([new TopicSpec(name, partitions)], cancellationToken);

    public void Dispose() => _provisioner.Dispose();
}
