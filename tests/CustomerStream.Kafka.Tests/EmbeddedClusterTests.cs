using Confluent.Kafka;
using CustomerStream.Testing;

namespace CustomerStream.Kafka.Tests;

public sealed class EmbeddedClusterTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Produced_messages_are_consumed_back_in_order_per_partition()
    {
        var topic = Unique.Name("roundtrip");
        await kafka.CreateTopicAsync(topic, partitions: 3);

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig
               {
                   BootstrapServers = kafka.BootstrapServers,
                   EnableIdempotence = true,
               }).Build())
        {
            for (var i = 0; i < 300; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = $"k{i % 7}", Value = i.ToString() });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = Unique.Name("g"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var seen = new Dictionary<string, List<int>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var count = 0;
        while (count < 300 && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is null)
            {
                continue;
            }

            count++;
            (seen.TryGetValue(r.Message.Key, out var list) ? list : seen[r.Message.Key] = []).Add(int.Parse(r.Message.Value));
        }

        Assert.Equal(300, count);
        Assert.Equal(7, seen.Count);
        Assert.All(seen.Values, values => Assert.Equal(values.Order(), values));
    }

    [Fact]
    public void Creating_a_topic_twice_is_harmless()
    {
        var topic = Unique.Name("twice");
        Assert.True(kafka.Cluster.CreateTopic(topic, 2));
        Assert.False(kafka.Cluster.CreateTopic(topic, 2));
    }
}
