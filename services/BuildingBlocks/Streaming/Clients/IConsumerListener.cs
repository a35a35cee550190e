using Confluent.Kafka;

namespace CustomerStream.Streaming.Clients;

/// <summary>What the runtime wants to hear from its group member: rebalances, besides errors and logs.</summary>
public interface IConsumerListener : IClientListener
{
    /// <summary>Partitions assigned by the group; returns what to actually assign, with start offsets.</summary>
    IEnumerable<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions);

    /// <summary>Partitions revoked by a rebalance (close their tasks with a checkpoint).</summary>
    void OnRevoked(List<TopicPartitionOffset> partitions);

    /// <summary>Partitions lost (session expired): close their tasks without a checkpoint.</summary>
    void OnLost(List<TopicPartitionOffset> partitions);
}
