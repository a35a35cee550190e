using Confluent.Kafka;

namespace CustomerStream.Testing;

/// <summary>What a topic partition holds, read from its start to its end (e.g. a one-partition dead-letter topic).</summary>
public static class TopicContents
{
    /// <summary>Every record of <paramref name="topic"/>[<paramref name="partition"/>] up to its end when called.</summary>
    public static List<ConsumeResult<byte[]?, byte[]?>> Read(string bootstrapServers, string topic, int partition = 0)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = Unique.Name("reader"),
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        var end = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(10)).High.Value;
        consumer.Assign(new TopicPartitionOffset(topic, partition, Offset.Beginning));
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (records.Count < end && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } record)
            {
                records.Add(record);
            }
        }

        return records;
    }
}
