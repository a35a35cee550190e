using CustomerStream.Kafka.Inspection;
using CustomerStream.Testing;

namespace CustomerStream.Kafka.Tests;

public sealed class KafkaClusterInspectorTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Topics_show_their_partitions_and_messages_and_a_group_shows_what_it_has_not_committed()
    {
        var topic = Unique.Name("inspect");
        var group = Unique.Name("g");
        await kafka.CreateTopicAsync(topic, partitions: 2);
        var clients = TestClients.For(kafka.BootstrapServers);
        TestClients.ProduceNumbered(clients, topic, first: 0, count: 10);
        using (var consumer = clients.CreateConsumerBuilder<string, string>(clients.CreateConsumerConfig(group, "inspected")).Build())
        {
            consumer.Subscribe(topic);
            TestClients.ConsumeAtLeast(consumer, 4).ForEach(r => consumer.Commit(r));
            consumer.Close();
        }

        using var inspector = new KafkaClusterInspector(clients);
        var overview = await inspector.DescribeAsync(CancellationToken.None);
        var lag = await inspector.GetLagAsync([group, Unique.Name("idle")], overview.Topics, CancellationToken.None);

        Assert.Equal(3, overview.Brokers.Count);
        Assert.Equal(new TopicOverview(topic, 2, 10), overview.Topics.Single(t => t.Name == topic));
        Assert.Equal(new ConsumerGroupLag(group, topic, 2, 6), Assert.Single(lag));
    }
}
