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

    /// <summary>A person was forgotten: subscribers delete what they hold under its IDs (no personal data).</summary>
    public const string CustomerErased = "customer.erased.v1";

    /// <summary>
    /// Internal: the erasure ledger (1 partition, kept forever, never reset). The identity service applies every
    /// request before the ingest records of each batch, and remembers the erased identifiers in its state, so a
    /// replay or a late re-send never brings an erased person back.
    /// </summary>
    public const string ErasureRequests = "erasure.requests.v1";

    /// <summary>
    /// Internal: the identity service's lease (1 partition, never written). The instance its consumer group gives
    /// partition 0 runs the identity graph over every ingest partition; the others stand by.
    /// </summary>
    public const string IdentityLease = "identity.lease.v1";

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

    /// <summary>Internal: ingest records the identity service could not decode (see <see cref="DeadLetterTopics"/>).</summary>
    public const string IdentityDeadLetters = "identity.dead-letter.v1";

    /// <summary>Internal: facts and state transfers the aggregator could not decode.</summary>
    public const string AggregatorDeadLetters = "aggregator.dead-letter.v1";

    /// <summary>Internal: changes, links, merges and rejections the projection could not decode.</summary>
    public const string ProjectionDeadLetters = "projection.dead-letter.v1";

    /// <summary>Internal: public events the RabbitMQ bridge could not decode.</summary>
    public const string BridgeDeadLetters = "bridge.dead-letter.v1";

    /// <summary>
    /// The dead-letter topic of each stage, <c>&lt;stage&gt;.dead-letter.v1</c>: a record the stage cannot decode goes
    /// there unchanged, with the error, source topic, partition and offset in its headers, instead of being skipped.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DeadLetterTopics { get; } = new Dictionary<string, string>
    {
        ["identity"] = IdentityDeadLetters,
        ["aggregator"] = AggregatorDeadLetters,
        ["projection"] = ProjectionDeadLetters,
        ["bridge"] = BridgeDeadLetters,
    };

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
        new(CustomerErased, true, null, typeof(Customer.CustomerErased), "A person was forgotten: delete what you hold under its IDs.", TopicRetention.Kept),
        new(ErasureRequests, false, 1, typeof(Erasure.ErasureRequest), "The erasure ledger: requests to forget a person (no personal data), applied by identity before any record.", TopicRetention.Kept),
        new(IdentityLease, false, 1, null, "The identity service's lease: whoever holds partition 0 runs the graph (never written).", TopicRetention.Stream),
        new(IdentityFacts, false, null, typeof(IdentityFact), "Facts keyed by Customer360 ID.", TopicRetention.Stream),
        new(IdentityLinks, false, null, typeof(IdentityLink), "Identifier resolutions.", TopicRetention.Replayed),
        new(AggregateChanges, false, null, typeof(CustomerChange), "Per-customer changes for the projection.", TopicRetention.Replayed),
        new(AggregatorStateTransfers, false, null, null, "States of merged-away customers on their way to the survivor (aggregator-internal, binary).", TopicRetention.Stream),
        new(IdentityDeadLetters, false, 1, null, "Ingest records identity could not decode, as they were, with the error and their position.", TopicRetention.Kept),
        new(AggregatorDeadLetters, false, 1, null, "Records the aggregator could not decode, as they were, with the error and their position.", TopicRetention.Kept),
        new(ProjectionDeadLetters, false, 1, null, "Records the projection could not decode, as they were, with the error and their position.", TopicRetention.Kept),
        new(BridgeDeadLetters, false, 1, null, "Public events the RabbitMQ bridge could not decode, as they were, with the error and their position.", TopicRetention.Kept),
    ];

    /// <summary>The definition of <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The topic is not in the catalog.</exception>
    public static TopicDefinition Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"'{name}' is not a topic of the catalog.", nameof(name));
}
