using Confluent.Kafka;

namespace CustomerStream.Kafka.Topics;

/// <summary>Reads partition counts from cluster metadata.</summary>
internal static class ClusterMetadata
{
    /// <summary>
    /// Asks for the metadata of all topics. Asking for named topics instead would let a broker (and the
    /// embedded cluster, always) auto-create them with its default partition count.
    /// </summary>
    public static Task<IReadOnlyDictionary<string, int>> ReadPartitionCountsAsync(
        IAdminClient admin, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyDictionary<string, int>>(
            () =>
            {
                try
                {
                    return admin.GetMetadata(timeout).Topics
                        .Where(t => t.Error.Code == ErrorCode.NoError)
                        .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
                }
                catch (KafkaException e)
                {
                    throw new TopicProvisioningException(
                        $"Could not read the topic list from Kafka: {e.Error.Reason}. Is the cluster reachable?", e);
                }
            },
            cancellationToken);
}
