using CustomerStream.Contracts;
using CustomerStream.Kafka.Topics;

namespace CustomerStream.Bridge.Hosting;

/// <summary>The Kafka topics the bridge publishes to RabbitMQ, with their partition counts from the <see cref="Topics"/> catalog.</summary>
public static class BridgeTopics
{
    public static IReadOnlyList<string> Names { get; } = [Topics.CustomerProfileChanged, Topics.CustomerMerged, Topics.CustomerErased];

    /// <summary>The topics the bridge ensures at start: the ones it reads, and its dead-letter topic.</summary>
    public static IReadOnlyList<TopicSpec> Specs { get; } =
    [
        .. Names.Select(name => new TopicSpec(name, Topics.All.Single(t => t.Name == name).Partitions)),
        new TopicSpec(Topics.BridgeDeadLetters, 1, Topics.Get(Topics.BridgeDeadLetters).KafkaConfig(-1)),
    ];
}
