namespace CustomerStream.Kafka.Inspection;

/// <summary>A consumer group and the topics it reads.</summary>
/// <param name="Group">Consumer group id.</param>
/// <param name="Topics">Topics the group consumes.</param>
public sealed record ConsumerGroupTopics(string Group, IReadOnlyList<string> Topics);
