namespace CustomerStream.Kafka.Inspection;

/// <summary>What a cluster holds: its brokers (<c>id@host:port</c>) and its non-internal topics.</summary>
public sealed record ClusterOverview(IReadOnlyList<string> Brokers, IReadOnlyList<TopicOverview> Topics);
