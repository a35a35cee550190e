namespace CustomerStream.Kafka.Inspection;

/// <summary>How far one consumer group is behind on one topic.</summary>
/// <param name="Group">Consumer group id.</param>
/// <param name="Topic">Topic the group has committed offsets on.</param>
/// <param name="Partitions">Partitions of the topic.</param>
/// <param name="Lag">Messages not yet committed, summed over the partitions.</param>
public sealed record ConsumerGroupLag(string Group, string Topic, int Partitions, long Lag);
