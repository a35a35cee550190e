using CustomerStream.Contracts;
using CustomerStream.SchemaRegistry;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Topics;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Identity.Service;

/// <summary>
/// The identity service's stream application. The graph is global (any two records may turn out to be one
/// person), so it is one task over every partition of the three ingest topics, owned by the instance that holds
/// the lease (<see cref="Topics.IdentityLease"/>); the runtime plans each batch so that a batch processed again
/// after a crash takes the same records in the same order.
/// </summary>
public static class IdentityTopologies
{
    /// <summary>The ingest topics the identity service reads.</summary>
    public static IReadOnlyList<string> IngestTopics { get; } = [Topics.IngestCustomers, Topics.IngestOrders, Topics.IngestWebEvents];

    /// <summary>
    /// Every topic the graph reads: the erasure ledger and the ingest topics. The runtime takes a batch's records in
    /// topic-name order, so the ledger's requests (<c>erasure.*</c>) are applied before the batch's ingest records.
    /// </summary>
    public static IReadOnlyList<string> InputTopics { get; } = [Topics.ErasureRequests, .. IngestTopics];

    /// <summary>Erasure ledger and ingest topics → identity graph → facts, links, merges, erasures.</summary>
    public static StreamTopology Graph(IdentityCodecs codecs, ILoggerFactory loggerFactory, int cacheCapacity, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<IdentityProcessor>();
        return new StreamTopology(
            InputTopics,
            [IdentityProcessor.GraphStore],
            context => new IdentityProcessor(context, codecs, logger, cacheCapacity, time))
        {
            LeaseTopic = Topics.IdentityLease,
            DeadLetterTopic = new InternalTopicSpec(Topics.IdentityDeadLetters, 1, Topics.Get(Topics.IdentityDeadLetters).KafkaConfig(-1)),
            RetryOn = SchemaRegistryFailures.IsUnavailable,
        };
    }
}
