using CustomerStream.Kafka.Embedded;
using Testcontainers.Kafka;

namespace CustomerStream.Testing;

/// <summary>
/// Apache Kafka (KRaft) in a Docker container, for machines with a Docker engine: selected with
/// <c>CS_TEST_KAFKA=testcontainers</c>. Topics are created through the Admin API; faults cannot be injected.
/// </summary>
public sealed class TestcontainersKafkaCluster : IKafkaTestCluster, IAsyncDisposable
{
    /// <summary>Image of the container; override with <c>CS_TEST_KAFKA_IMAGE</c>.</summary>
    public const string DefaultImage = "apache/kafka:3.9.1";

    private readonly KafkaContainer _container;
    private ExternalKafkaCluster? _cluster;

    private TestcontainersKafkaCluster(KafkaContainer container) => _container = container;

    public string BootstrapServers => Started.BootstrapServers;

    public EmbeddedKafkaCluster? Faults => null;

    private ExternalKafkaCluster Started =>
        _cluster ?? throw new InvalidOperationException("The Kafka container has not started.");

    public static async Task<TestcontainersKafkaCluster> StartAsync(CancellationToken cancellationToken = default)
    {
        var image = Environment.GetEnvironmentVariable("CS_TEST_KAFKA_IMAGE") is { Length: > 0 } custom ? custom : DefaultImage;
        var cluster = new TestcontainersKafkaCluster(new KafkaBuilder(image).Build());
        await cluster._container.StartAsync(cancellationToken);
        cluster._cluster = new ExternalKafkaCluster(cluster._container.GetBootstrapAddress());
        return cluster;
    }

    public Task CreateTopicAsync(string name, int partitions, CancellationToken cancellationToken = default) =>
        Started.CreateTopicAsync(name, partitions, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _cluster?.Dispose();
        await _container.DisposeAsync();
    }
}
