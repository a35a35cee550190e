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
    /// <returns>The partition count of the inputs, i.e. the number of aggregator tasks.</returns>
    public static async Task<int> EnsureAsync(ITopicProvisioner provisioner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provisioner);
        var facts = await provisioner.EnsureTopicsAsync([Spec(Topics.IdentityFacts)], cancellationToken).ConfigureAwait(false);
        var partitions = facts[0].Partitions;
        await provisioner.EnsureTopicsAsync(
            [
                new TopicSpec(Topics.AggregatorStateTransfers, partitions),
                Spec(Topics.AggregateChanges),
                Spec(Topics.CustomerProfileChanged),
            ],
            cancellationToken).ConfigureAwait(false);
        return partitions;
    }

    private static TopicSpec Spec(string name) =>
        new(name, Topics.All.Single(t => t.Name == name).Partitions);
}
