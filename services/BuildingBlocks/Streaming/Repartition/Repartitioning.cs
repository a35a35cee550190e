using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Topics;

namespace CustomerStream.Streaming.Repartition;

/// <summary>
/// Re-keying: a stateless stream application that reads some topics and writes every record to a
/// repartition topic keyed by a new key, so that a downstream application finds all records of a key in
/// one partition (one task). Delivery into the repartition topic is at least once: after a crash, records
/// of the unfinished batch may be written twice, so the downstream application must tolerate duplicates
/// (e.g. by event id or version, which its state remembers).
/// </summary>
public static class Repartitioning
{
    /// <summary>The topology of a repartitioning application; the target topic is created at start when missing.</summary>
    /// <param name="inputTopics">Topics to read (any partition counts).</param>
    /// <param name="targetTopic">The repartition topic.</param>
    /// <param name="targetPartitions">Its partition count (1 funnels everything into one downstream task).</param>
    /// <param name="keySelector">The new key of a record.</param>
    /// <param name="sourceTopicHeader">Name of a header recording each record's input topic, or null.</param>
    public static StreamTopology Topology(
        IEnumerable<string> inputTopics,
        string targetTopic,
        int targetPartitions,
        Func<StreamRecord, byte[]?> keySelector,
        string? sourceTopicHeader = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetPartitions, 1);
        return new StreamTopology(
            inputTopics,
            [],
            _ => new RepartitionProcessor(targetTopic, keySelector, sourceTopicHeader),
            [new InternalTopicSpec(targetTopic, targetPartitions, InternalTopicSpec.RepartitionConfig)]);
    }
}
