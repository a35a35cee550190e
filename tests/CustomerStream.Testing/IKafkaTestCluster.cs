using CustomerStream.Kafka.Embedded;

namespace CustomerStream.Testing;

/// <summary>
/// A Kafka cluster handed to a test. The embedded cluster implements it today; a Testcontainers
/// Apache Kafka can implement it where a Docker engine exists (fault injection is then unavailable).
/// </summary>
public interface IKafkaTestCluster
{
    string BootstrapServers { get; }

    /// <summary>Creates a topic (idempotent).</summary>
    Task CreateTopicAsync(string name, int partitions, CancellationToken cancellationToken = default);

    /// <summary>The embedded cluster's fault-injection calls, or <c>null</c> on a cluster that has none.</summary>
    EmbeddedKafkaCluster? Faults { get; }
}
