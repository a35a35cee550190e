using CustomerStream.Kafka.Topics;

namespace CustomerStream.Cli.Stack;

/// <summary>What an embedded stack starts with.</summary>
/// <param name="Brokers">Brokers of the embedded Kafka cluster.</param>
/// <param name="DefaultPartitions">Partition count of topics that do not name one; <c>null</c> keeps the configured one.</param>
/// <param name="HttpPort">Loopback port of the HTTP endpoints; 0 picks a free one.</param>
/// <param name="Topics">Topics to provision before anything else connects.</param>
internal sealed record EmbeddedStackSettings(int Brokers, int? DefaultPartitions, int HttpPort, IReadOnlyList<TopicSpec> Topics);
