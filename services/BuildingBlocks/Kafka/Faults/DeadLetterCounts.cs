using Confluent.Kafka;

namespace CustomerStream.Kafka.Faults;

/// <summary>
/// The one way dead letters are counted (<c>customerstream status</c>, <c>dead-letters</c>, the console's pipeline
/// view): per stage, the records its dead-letter topic retains (high minus low watermark of its one partition); a
/// stage whose topic does not exist yet has none (it never started on this cluster, or the topic is created on the
/// first dead letter).
/// </summary>
public static class DeadLetterCounts
{
    /// <summary>Per stage, the records <paramref name="retainedOn"/> says its dead-letter topic (<see cref="DeadLetters.TopicOf"/>) retains.</summary>
    public static IReadOnlyList<DeadLetterCount> Count(IEnumerable<string> stages, Func<string, long> retainedOn)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(retainedOn);
        var counts = new List<DeadLetterCount>();
        foreach (var stage in stages)
        {
            var topic = DeadLetters.TopicOf(stage);
            counts.Add(new DeadLetterCount(stage, topic, retainedOn(topic)));
        }

        return counts;
    }

    /// <summary>Per stage, the dead letters its topic retains, asked of the cluster with one watermark query each.</summary>
    /// <exception cref="KafkaException">The cluster did not answer within <paramref name="timeout"/>.</exception>
    public static IReadOnlyList<DeadLetterCount> Read<TKey, TValue>(IConsumer<TKey, TValue> consumer, IEnumerable<string> stages, TimeSpan timeout) =>
        Count(stages, topic => EndOf(consumer, topic, timeout) is { } end ? Math.Max(0, end.High.Value - end.Low.Value) : 0);

    /// <summary>The log start and end of the dead-letter topic <paramref name="topic"/> (partition 0), or null when the topic does not exist.</summary>
    /// <exception cref="KafkaException">The cluster did not answer within <paramref name="timeout"/>.</exception>
    public static WatermarkOffsets? EndOf<TKey, TValue>(IConsumer<TKey, TValue> consumer, string topic, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        try
        {
            return consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), timeout);
        }
        catch (KafkaException e) when (e.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic or ErrorCode.Local_UnknownPartition)
        {
            return null;
        }
    }
}
