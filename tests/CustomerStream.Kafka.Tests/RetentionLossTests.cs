using Confluent.Kafka;
using CustomerStream.Kafka.Inspection;
using CustomerStream.Testing;

namespace CustomerStream.Kafka.Tests;

/// <summary>
/// The embedded cluster keeps about 5 MB per partition and drops older records; a group that had not read them lost
/// them. The reader and the watch say which topic, partition and group, and how many records.
/// </summary>
public sealed class RetentionLossTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task A_group_whose_committed_offset_fell_behind_the_log_start_is_reported_with_the_records_it_lost()
    {
        var (topic, behind, current, never) = (Unique.Name("retained"), Unique.Name("behind"), Unique.Name("current"), Unique.Name("never"));
        await kafka.CreateTopicAsync(topic, partitions: 1);
        Produce(topic, count: 10, bytes: 100);
        Commit(behind, topic, 5);
        Produce(topic, count: 7_000, bytes: 1_000);
        using var reader = new ConsumerPositionReader(TestClients.For(kafka.BootstrapServers));
        var end = (await reader.ReadAsync([topic], [], CancellationToken.None)).Single().LogEnd;
        Commit(current, topic, end);

        var positions = (await reader.ReadAsync([topic], [behind, current, never], CancellationToken.None)).Single();
        var losses = await reader.FindRetentionLossesAsync(
            [new ConsumerGroupTopics(behind, [topic]), new ConsumerGroupTopics(current, [topic]), new ConsumerGroupTopics(never, [topic])],
            CancellationToken.None);

        Assert.True(positions.LogStart > 5, $"the cluster kept everything (log start {positions.LogStart}); the test needs it to drop records");
        Assert.Equal(7_010, positions.LogEnd);
        Assert.Equal(5, positions.Committed[behind]);
        Assert.Null(positions.Committed[never]);
        Assert.Equal(0, positions.LagOf(current));
        Assert.Equal(
            [new RetentionLoss(topic, 0, behind, positions.LogStart - 5), new RetentionLoss(topic, 0, never, positions.LogStart)],
            losses.OrderBy(l => l.Group == never));
        Assert.Equal($"topic {topic} partition 0 lost {positions.LogStart - 5:N0} records to retention before group {behind} read them", losses[0].ToString());
    }

    [Fact]
    public async Task A_watch_keeps_a_loss_the_group_has_skipped_past_since()
    {
        var (topic, group) = (Unique.Name("watched"), Unique.Name("skipper"));
        await kafka.CreateTopicAsync(topic, partitions: 1);
        Produce(topic, count: 10, bytes: 100);
        Commit(group, topic, 5);
        using var reader = new ConsumerPositionReader(TestClients.For(kafka.BootstrapServers));
        await using var watch = RetentionWatch.Start(reader, [new ConsumerGroupTopics(group, [topic])], TimeSpan.FromMilliseconds(50));

        Produce(topic, count: 7_000, bytes: 1_000);
        var whileBehind = await watch.LossesAsync(CancellationToken.None);
        var start = (await reader.ReadAsync([topic], [], CancellationToken.None)).Single().LogStart;
        Commit(group, topic, 7_010); // what a consumer resetting to the log start and reading on ends up committing
        var afterSkipping = await watch.LossesAsync(CancellationToken.None);
        var lookingOnlyNow = await reader.FindRetentionLossesAsync([new ConsumerGroupTopics(group, [topic])], CancellationToken.None);

        Assert.Equal([new RetentionLoss(topic, 0, group, start - 5)], whileBehind);
        Assert.Equal(whileBehind, afterSkipping);
        Assert.Empty(lookingOnlyNow);
    }

    private void Produce(string topic, int count, int bytes)
    {
        var random = new Random(count);
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, LingerMs = 5 }).Build();
        for (var i = 0; i < count; i++)
        {
            var value = new byte[bytes];
            random.NextBytes(value); // incompressible, so that the size the cluster keeps is reached
            producer.Produce(topic, new Message<Null, byte[]> { Value = value });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    private void Commit(string group, string topic, long offset)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = group, EnableAutoCommit = false }).Build();
        consumer.Commit([new TopicPartitionOffset(topic, 0, offset)]);
    }
}
