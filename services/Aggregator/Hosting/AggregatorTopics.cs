using CustomerStream.Contracts;
using CustomerStream.Kafka.Topics;

namespace CustomerStream.Aggregator.Hosting;

/// <summary>The topics the aggregator reads and writes, provisioned before any of its clients touches them.</summary>
public static class AggregatorTopics
{
    /// <summary>
    /// Ensures the facts topic, then the transfer topic with exactly the facts topic's partition count (the
    /// two must be co-partitioned, whatever the default was when identity created the facts topic), then
    /// the output topics, each with its partition count from the <see cref="Topics"/> catalog.
    /// </summary>
    /// <param name="provisioner">Creates what is missing.</param>
    /// <param name="streamRetentionMs">Retention of the stream topics (<c>Kafka:StreamRetentionMs</c>); each topic's configuration comes from the catalog.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The partition count of the inputs, i.e. the number of aggregator tasks.</returns>
    public static async Task<int> EnsureAsync(ITopicProvisioner provisioner, long streamRetentionMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provisioner);
        var facts = await provisioner.EnsureTopicsAsync([Spec(Topics.IdentityFacts, streamRetentionMs)], cancellationToken).ConfigureAwait(false);
        var partitions = facts[0].Partitions;
        await provisioner.EnsureTopicsAsync(
            [
                Spec(Topics.AggregatorStateTransfers, streamRetentionMs, partitions),
                Spec(Topics.AggregateChanges, streamRetentionMs),
                Spec(Topics.CustomerProfileChanged, streamRetentionMs),
            ],
            cancellationToken).ConfigureAwait(false);
        return partitions;
    }

    private static TopicSpec Spec(string name, long streamRetentionMs, int? partitions = null)
    {
        var definition = Topics.Get(name);
        return new TopicSpec(name, partitions ?? definition.Partitions, definition.KafkaConfig(streamRetentionMs));
    }
}
