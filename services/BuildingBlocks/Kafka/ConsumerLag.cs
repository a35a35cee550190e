using Confluent.Kafka;

namespace CustomerStream.Kafka;

/// <summary>How far a consumer is behind on the partitions it holds, from its own cached watermarks (no request).</summary>
public static class ConsumerLag
{
    /// <summary>Records between the consumer's position and the high watermark, summed over its assignment.</summary>
    public static long RecordsBehind<TKey, TValue>(this IConsumer<TKey, TValue> consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        long lag = 0;
        foreach (var partition in consumer.Assignment)
        {
            var high = consumer.GetWatermarkOffsets(partition).High;
            var position = consumer.Position(partition);
            if (high != Offset.Unset && position != Offset.Unset)
            {
                lag += Math.Max(0, high.Value - position.Value);
            }
        }

        return lag;
    }
}
