using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Contracts;

/// <summary>The catalog of every topic of the product: names are defined here once and referenced everywhere.</summary>
public static class Topics
{
    public const string IngestCustomers = "ingest.customers.v1";
    public const string IngestOrders = "ingest.orders.v1";
    public const string IngestWebEvents = "ingest.web-events.v1";
    public const string IngestRejected = "ingest.rejected.v1";
    public const string CustomerProfileChanged = "customer.profile-changed.v1";
    public const string CustomerMerged = "customer.merged.v1";

    /// <summary>Internal: every ingest record funnelled into the identity service's single task (1 partition).</summary>
    public const string IdentityInput = "identity.input.v1";

    /// <summary>Internal: source facts re-keyed by Customer360 ID, for the aggregator.</summary>
    public const string IdentityFacts = "identity.customer-facts.v1";

    /// <summary>Internal: identifier → Customer360 ID resolutions, for the projection.</summary>
    public const string IdentityLinks = "identity.links.v1";

    /// <summary>Internal: per-customer changes of the aggregator, for the projection.</summary>
    public const string AggregateChanges = "aggregate.customer-changes.v1";

    /// <summary>
    /// Aggregator-internal: the whole state of a merged-away customer, keyed by the survivor, read by the
    /// survivor's task. Co-partitioned with <see cref="IdentityFacts"/> (same partition count). Values are
    /// the aggregator's versioned binary state format, not Avro: like a changelog, only the aggregator reads it.
    /// </summary>
    public const string AggregatorStateTransfers = "aggregator.state-transfers.v1";

    /// <summary>
    /// Every topic with its role and retention. Partition count null = the configured default. The topics
    /// <c>rebuild</c> replays (the projection's inputs) are kept forever; the profile stream is compacted (each
    /// record carries the whole profile and a version); the rest expire after the stream retention.
    /// </summary>
    public static IReadOnlyList<TopicDefinition> All { get; } =
    [
        new(IngestCustomers, true, null, typeof(CustomerRecord), "Normalized customer-master record versions.", TopicRetention.Stream),
        new(IngestOrders, true, null, typeof(OrderRecord), "Normalized order versions.", TopicRetention.Stream),
        new(IngestWebEvents, true, null, typeof(WebEvent), "Normalized web and app events.", TopicRetention.Stream),
        new(IngestRejected, true, null, typeof(RejectedRecord), "Input records that were rejected, with reasons.", TopicRetention.Replayed),
        new(CustomerProfileChanged, true, null, typeof(Customer.CustomerProfileChanged), "A customer's profile changed.", TopicRetention.Compacted),
        new(CustomerMerged, true, null, typeof(Customer.CustomerMerged), "Two customers turned out to be one.", TopicRetention.Replayed),
        new(IdentityInput, false, 1, null, "All ingest records, in one partition, for the identity service.", TopicRetention.Stream),
        new(IdentityFacts, false, null, typeof(IdentityFact), "Facts keyed by Customer360 ID.", TopicRetention.Stream),
        new(IdentityLinks, false, null, typeof(IdentityLink), "Identifier resolutions.", TopicRetention.Replayed),
        new(AggregateChanges, false, null, typeof(CustomerChange), "Per-customer changes for the projection.", TopicRetention.Replayed),
        new(AggregatorStateTransfers, false, null, null, "States of merged-away customers on their way to the survivor (aggregator-internal, binary).", TopicRetention.Stream),
    ];

    /// <summary>The definition of <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The topic is not in the catalog.</exception>
    public static TopicDefinition Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"'{name}' is not a topic of the catalog.", nameof(name));
}
