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
        new("identity router", "customerstream-identity-router", [C.IngestCustomers, C.IngestOrders, C.IngestWebEvents]),
        new("identity", "customerstream-identity", [C.IdentityInput]),
        new("aggregator", "customerstream-aggregator", [C.IdentityFacts, C.AggregatorStateTransfers]),
        new("projection", "customerstream-projection", [C.AggregateChanges, C.IdentityLinks, C.CustomerMerged, C.IngestRejected]),
    ];

    /// <summary>
    /// The groups <c>status</c> asks the embedded cluster about: every stage's, and the bridge's, which runs only when
    /// RabbitMQ is configured (so it is no stage that <c>demo</c> waits for); a group without commits is not shown.
    /// </summary>
    public static IReadOnlyList<string> ConsumerGroups { get; } = [.. Stages.Select(s => s.GroupId), new CustomerStream.Bridge.BridgeOptions().GroupId];
}
