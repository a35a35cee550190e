namespace CustomerStream.Kafka.Inspection;

/// <summary>One topic as the cluster reports it.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Partitions">Partition count.</param>
/// <param name="Messages">Messages retained: the sum over partitions of high minus low watermark.</param>
public sealed record TopicOverview(string Name, int Partitions, long Messages);
