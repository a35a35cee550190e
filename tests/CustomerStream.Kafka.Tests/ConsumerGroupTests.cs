using Confluent.Kafka;
using CustomerStream.Testing;

namespace CustomerStream.Kafka.Tests;

public sealed class ConsumerGroupTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    [Fact]
    public async Task A_group_consumer_receives_every_message_of_every_partition_in_key_order()
    {
        var topic = Unique.Name("spread");
        await kafka.CreateTopicAsync(topic, partitions: 6);
        var clients = TestClients.For(kafka.BootstrapServers);
        TestClients.ProduceNumbered(clients, topic, first: 0, count: 600);

        using var consumer = clients.CreateConsumerBuilder<string, string>(clients.CreateConsumerConfig(Unique.Name("g"), "test")).Build();
        consumer.Subscribe(topic);
        var received = TestClients.ConsumeAtLeast(consumer, 600);
        consumer.Close();

        Assert.Equal(Enumerable.Range(0, 600), received.Select(r => int.Parse(r.Message.Value)).Order());
        Assert.Equal(6, received.Select(r => r.Partition.Value).Distinct().Count());
        TestClients.AssertKeyOrder(received);
    }

    [Fact]
    public async Task A_restarted_group_member_resumes_after_the_offsets_it_committed()
    {
        var topic = Unique.Name("resume");
        var group = Unique.Name("g");
        await kafka.CreateTopicAsync(topic, partitions: 3);
        var clients = TestClients.For(kafka.BootstrapServers);
        TestClients.ProduceNumbered(clients, topic, first: 0, count: 600);

        List<int> first;
        using (var consumer = clients.CreateConsumerBuilder<string, string>(clients.CreateConsumerConfig(group, "first")).Build())
        {
            consumer.Subscribe(topic);
            first = TestClients.ConsumeAtLeast(consumer, 250).Select(r => int.Parse(r.Message.Value)).ToList();
            consumer.Commit();
            consumer.Close();
        }

        using var restarted = clients.CreateConsumerBuilder<string, string>(clients.CreateConsumerConfig(group, "second")).Build();
        restarted.Subscribe(topic);
        var second = TestClients.ConsumeAtLeast(restarted, 600 - first.Count).Select(r => int.Parse(r.Message.Value)).ToList();
        restarted.Close();

        Assert.Equal(250, first.Count);
        Assert.Empty(first.Intersect(second));
        Assert.Equal(Enumerable.Range(0, 600), first.Concat(second).Order());
    }

    [Fact]
    public async Task Two_members_split_the_partitions_and_the_survivor_takes_them_all_over_without_losing_a_message()
    {
        var topic = Unique.Name("split");
        var group = Unique.Name("g");
        await kafka.CreateTopicAsync(topic, partitions: 6);
        var clients = TestClients.For(kafka.BootstrapServers);

        using var a = GroupMember.Start(clients, group, topic, "a");
        using var b = GroupMember.Start(clients, group, topic, "b");
        TestClients.ProduceNumbered(clients, topic, first: 0, count: 300);

        await Eventually.Until(
            () => a.Assigned.Count > 0 && b.Assigned.Count > 0 && a.Assigned.Count + b.Assigned.Count == 6,
            "both members own partitions");
        Assert.Empty(a.Assigned.Intersect(b.Assigned));
        await Eventually.Until(() => Seen(a, b).Count == 300, "the first batch is consumed");

        TestClients.ProduceNumbered(clients, topic, first: 300, count: 300);
        b.Leave();
        await Eventually.Until(() => a.Assigned.Count == 6, "the survivor owns every partition");
        TestClients.ProduceNumbered(clients, topic, first: 600, count: 300);

        await Eventually.Until(() => Seen(a, b).Count == 900, "every message is consumed by one of the members");
        Assert.Equal(Enumerable.Range(0, 900), Seen(a, b).Order());
    }

    private static HashSet<int> Seen(GroupMember a, GroupMember b) => a.Received.Concat(b.Received).ToHashSet();
}
