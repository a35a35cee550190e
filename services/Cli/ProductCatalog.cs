using CustomerStream.Kafka.Topics;
using C = CustomerStream.Contracts.Topics;

namespace CustomerStream.Cli;

/// <summary>What the CLI provisions and reports on, taken from the contract's topic catalog.</summary>
internal static class ProductCatalog
{
    /// <summary>Every topic of the product (public and internal), with its fixed or the configured default partition count.</summary>
    public static IReadOnlyList<TopicSpec> Topics { get; } =
        CustomerStream.Contracts.Topics.All.Select(t => new TopicSpec(t.Name, t.Partitions)).ToList();

    /// <summary>
    /// Consumer groups whose lag <c>status</c> reports on the embedded cluster, which cannot list its groups.
    /// </summary>
    public static IReadOnlyList<PipelineStage> Stages { get; } =
    [
        new("identity", "customerstream-identity", [C.IngestCustomers, C.IngestOrders, C.IngestWebEvents]),
        new("aggregator", "customerstream-aggregator", [C.IdentityFacts, C.AggregatorStateTransfers]),
        new("projection", "customerstream-projection", [C.AggregateChanges, C.IdentityLinks, C.CustomerMerged, C.IngestRejected]),
    ];

    public static IReadOnlyList<string> ConsumerGroups { get; } = Stages.Select(s => s.GroupId).ToList();
}
