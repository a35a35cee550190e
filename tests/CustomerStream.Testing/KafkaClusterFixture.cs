using CustomerStream.Kafka.Embedded;
using Xunit;

namespace CustomerStream.Testing;

/// <summary>
/// The Kafka cluster for tests that work on any Kafka, chosen by the environment: <c>CS_TEST_KAFKA_BOOTSTRAP</c>
/// (a running cluster), <c>CS_TEST_KAFKA=testcontainers</c> (Apache Kafka in Docker), otherwise the embedded
/// cluster. Tests that inject faults use <see cref="EmbeddedKafkaFixture"/> instead.
/// </summary>
public sealed class KafkaClusterFixture : IKafkaTestCluster, IAsyncLifetime
{
    private IKafkaTestCluster? _cluster;

    public string BootstrapServers => Cluster.BootstrapServers;

    public EmbeddedKafkaCluster? Faults => Cluster.Faults;

    /// <summary>What the tests run against, for messages.</summary>
    public string Kind { get; private set; } = "embedded";

    private IKafkaTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not been initialized.");

    public Task CreateTopicAsync(string name, int partitions, CancellationToken cancellationToken = default) =>
        Cluster.CreateTopicAsync(name, partitions, cancellationToken);

    public async Task InitializeAsync()
    {
        if (TestEnvironment.ExternalKafkaBootstrap is { } bootstrap)
        {
            Kind = $"external ({bootstrap})";
            _cluster = new ExternalKafkaCluster(bootstrap);
        }
        else if (TestEnvironment.UseTestcontainersKafka)
        {
            Kind = "testcontainers";
            _cluster = await TestcontainersKafkaCluster.StartAsync();
        }
        else
        {
            _cluster = new EmbeddedKafkaFixture();
        }
    }

    public async Task DisposeAsync()
    {
        switch (_cluster)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
