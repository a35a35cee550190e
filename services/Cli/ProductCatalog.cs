using CustomerStream.Aggregator.Hosting;
using CustomerStream.Bridge;
using CustomerStream.Customer360.Pipeline;
using CustomerStream.Identity.Service;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Topics;
using CustomerStream.Projection;
using CustomerStream.Projection.Service;
using CustomerStream.Streaming.Topics;

namespace CustomerStream.Cli;

/// <summary>What the CLI provisions and reports on, taken from the contract's topic catalog.</summary>
internal static class ProductCatalog
{
    /// <summary>
    /// Every topic of the product (public and internal), with its fixed or the configured default partition
    /// count and its configuration from the catalog (<see cref="CustomerStream.Contracts.TopicDefinition.KafkaConfig"/>).
    /// </summary>
    public static IReadOnlyList<TopicSpec> Topics(long streamRetentionMs) =>
        CustomerStream.Contracts.Topics.All.Select(t => new TopicSpec(t.Name, t.Partitions, t.KafkaConfig(streamRetentionMs))).ToList();

    /// <summary>The topics with the default stream retention (the embedded cluster keeps no configuration anyway).</summary>
    public static IReadOnlyList<TopicSpec> EmbeddedTopics { get; } = Topics(new KafkaOptions().StreamRetentionMs);

    /// <summary>
    /// The changelog topics of the product's stateful applications, with the configuration the streaming
    /// runtime gives them (<see cref="InternalTopicSpec.ChangelogConfig"/>), for <c>status</c>'s comparison.
    /// </summary>
    /// <remarks>Named <c>&lt;application id&gt;-changelog</c>, as <c>StreamApplication.ChangelogTopic</c> names them.</remarks>
    public static IReadOnlyList<TopicSpec> Changelogs =>
        Stages.Where(s => s.Stateful).Select(s => new TopicSpec($"{s.GroupId}-changelog", null, InternalTopicSpec.ChangelogConfig)).ToList();

    /// <summary>
    /// Consumer groups whose lag <c>status</c> reports on the embedded cluster, which cannot list its groups: each
    /// service's default group (its options) and the topics it reads (its topology), so that they cannot drift apart.
    /// </summary>
    public static IReadOnlyList<PipelineStage> Stages { get; } =
    [
        new("identity", new IdentityServiceOptions().ApplicationId, IdentityTopologies.InputTopics, Stateful: true),
        new("aggregator", new AggregatorOptions().ApplicationId, AggregatorTopology.InputTopics, Stateful: true),
        new("projection", new ProjectionOptions().GroupId, ProjectionTopicNames.Catalog.All),
    ];

    /// <summary>
    /// What the console's pipeline view shows: ingest (what it wrote to the ingest topics), then every consuming
    /// stage, and the topic of ingest's rejections.
    /// </summary>
    public static PipelineStages ConsoleStages { get; } = new(
        [
            new PipelineStageDefinition("ingest", null, IdentityTopologies.IngestTopics),
            .. Stages.Select(s => new PipelineStageDefinition(s.Name, s.GroupId, s.Topics)),
        ],
        CustomerStream.Contracts.Topics.IngestRejected);

    /// <summary>
    /// The groups <c>status</c> asks the embedded cluster about: every stage's, and the bridge's, which runs only when
    /// RabbitMQ is configured (so it is no stage that <c>demo</c> waits for); a group without commits is not shown.
    /// </summary>
    public static IReadOnlyList<string> ConsumerGroups { get; } = [.. Stages.Select(s => s.GroupId), new BridgeOptions().GroupId];
}
