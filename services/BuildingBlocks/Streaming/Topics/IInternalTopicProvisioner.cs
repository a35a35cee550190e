namespace CustomerStream.Streaming.Topics;

/// <summary>
/// Creates the topics the runtime needs when they are missing. The runtime does not create topics itself,
/// because how depends on the cluster (Admin API on Apache Kafka, the mock API of the embedded cluster);
/// wire the platform's topic provisioner here, or a delegate (<see cref="DelegateTopicProvisioner"/>).
/// </summary>
public interface IInternalTopicProvisioner
{
    /// <summary>
    /// Makes sure every topic exists. An existing topic is left as it is; the runtime checks its partition
    /// count afterwards and refuses to start on a mismatch.
    /// </summary>
    Task EnsureTopicsAsync(IReadOnlyCollection<InternalTopicSpec> topics, CancellationToken cancellationToken);
}
