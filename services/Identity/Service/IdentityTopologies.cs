using CustomerStream.Contracts;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Repartition;
using CustomerStream.Streaming.Topics;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Identity.Service;

/// <summary>
/// The two stream applications of the identity service. The graph is global (any two records may turn
/// out to be one person), so it is one task: a stateless router funnels the three ingest topics into the
/// single partition of <c>identity.input.v1</c>, and the stateful application owns that partition.
/// </summary>
public static class IdentityTopologies
{
    /// <summary>The ingest topics the identity service reads.</summary>
    public static IReadOnlyList<string> IngestTopics { get; } = [Topics.IngestCustomers, Topics.IngestOrders, Topics.IngestWebEvents];

    /// <summary>
    /// Ingest topics → <c>identity.input.v1</c> (1 partition), the source topic in a header, the key kept;
    /// each batch waits while <paramref name="lag"/> (the graph's records behind) exceeds <paramref name="maxLag"/>.
    /// </summary>
    public static StreamTopology Router(Func<long> lag, long maxLag, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(lag);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger("CustomerStream.Identity.Service.Router");
        return new StreamTopology(
            IngestTopics,
            [],
            _ => new PacedRouter(
                new RepartitionProcessor(Topics.IdentityInput, record => record.Key, IdentityProcessor.SourceTopicHeader),
                lag, maxLag, TimeSpan.FromMinutes(2), logger),
            [new InternalTopicSpec(Topics.IdentityInput, 1, InternalTopicSpec.RepartitionConfig)]);
    }

    /// <summary><c>identity.input.v1</c> → identity graph → facts, links, merges.</summary>
    public static StreamTopology Graph(IdentityCodecs codecs, ILoggerFactory loggerFactory, int cacheCapacity, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<IdentityProcessor>();
        return new StreamTopology(
            [Topics.IdentityInput],
            [IdentityProcessor.GraphStore],
            context => new IdentityProcessor(context, codecs, logger, cacheCapacity, time),
            [new InternalTopicSpec(Topics.IdentityInput, 1, InternalTopicSpec.RepartitionConfig)]);
    }
}
