namespace CustomerStream.Kafka.Topics;

/// <summary>
/// Makes sure topics exist with the partition counts asked for. Service code depends on this interface
/// only; dependency injection picks the implementation that fits the cluster (Admin API for real Kafka,
/// the mock's topic creation for the embedded cluster, in this process or in the <c>up</c> process).
/// </summary>
public interface ITopicProvisioner
{
    /// <summary>
    /// Creates the topics that are missing and checks the partition count of every topic. Calling it again
    /// with the same topics changes nothing.
    /// </summary>
    /// <exception cref="TopicProvisioningException">
    /// A topic exists with another partition count, or the cluster refused or failed to create one.
    /// </exception>
    Task<IReadOnlyList<ProvisionedTopic>> EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken);
}
