using Confluent.Kafka;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Testing;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Kafka.Tests;

/// <summary>Faults injected into the embedded cluster; each test class gets its own cluster, so no other test sees them.</summary>
public sealed class BrokerFaultTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    private const int Messages = 30_000;

    [Fact]
    public async Task A_broker_set_down_and_back_up_mid_produce_loses_and_duplicates_nothing()
    {
        var topic = Unique.Name("outage");
        await kafka.CreateTopicAsync(topic, partitions: 3);
        using var logs = new RecordingLogger();
        var clients = TestClients.For(kafka.BootstrapServers, logs: logs.Factory());
        var leader = LeaderOfPartitionZero(clients, topic);

        var failures = await ProduceInChunksAsync(clients, topic, chunk =>
        {
            if (chunk == 10)
            {
                kafka.Cluster.SetBrokerDown(leader);
            }
            else if (chunk == 20)
            {
                kafka.Cluster.SetBrokerUp(leader);
            }
        });

        Assert.Equal(0, failures);
        // The outage reached the producer (and its report went to ILogger, not stderr), yet nothing was lost.
        Assert.Contains(logs.Entries, e => e.Category == "CustomerStream.Kafka.Librdkafka" && e.Message.Contains($"/{leader}: ", StringComparison.Ordinal)
            && (e.Message.Contains("Disconnected", StringComparison.Ordinal) || e.Message.Contains("Connection refused", StringComparison.Ordinal)));
        AssertEveryMessageExactlyOnceInOrder(clients, topic);
    }

    [Fact]
    public async Task Produce_requests_failing_with_retriable_errors_lose_and_duplicate_nothing()
    {
        var topic = Unique.Name("errors");
        await kafka.CreateTopicAsync(topic, partitions: 3);
        var clients = TestClients.For(kafka.BootstrapServers);

        var failures = await ProduceInChunksAsync(clients, topic, chunk =>
        {
            if (chunk % 5 == 0)
            {
                kafka.Cluster.PushRequestErrors(
                    KafkaApiKey.Produce,
                    ErrorCode.NotLeaderForPartition,
                    ErrorCode.RequestTimedOut,
                    ErrorCode.NotEnoughReplicas);
            }
        });

        Assert.Equal(0, failures);
        AssertEveryMessageExactlyOnceInOrder(clients, topic);
    }

    /// <summary>Produces in 30 paced chunks so that a fault injected between chunks hits messages in flight.</summary>
    private static async Task<int> ProduceInChunksAsync(KafkaClientFactory clients, string topic, Action<int> beforeChunk)
    {
        var failures = 0;
        using var producer = clients.CreateProducerBuilder<string, string>(clients.CreateProducerConfig("fault-test")).Build();
        const int chunks = 30;
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            beforeChunk(chunk);
            for (var i = chunk * (Messages / chunks); i < (chunk + 1) * (Messages / chunks); i++)
            {
                producer.Produce(
                    topic,
                    new Message<string, string> { Key = $"k{i % 50}", Value = i.ToString() },
                    report =>
                    {
                        if (report.Error.IsError)
                        {
                            Interlocked.Increment(ref failures);
                        }
                    });
            }

            await Task.Delay(50);
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
        return failures;
    }

    private static void AssertEveryMessageExactlyOnceInOrder(KafkaClientFactory clients, string topic)
    {
        using var consumer = clients.CreateConsumerBuilder<string, string>(clients.CreateConsumerConfig(Unique.Name("check"), "check")).Build();
        consumer.Subscribe(topic);
        var received = TestClients.ConsumeAtLeast(consumer, Messages);
        // Anything beyond the expected count would be a duplicate; give it a moment to show up.
        while (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } extra)
        {
            received.Add(extra);
        }

        consumer.Close();
        var values = received.Select(r => int.Parse(r.Message.Value)).ToList();
        Assert.Equal(Messages, values.Count);
        Assert.Equal(Enumerable.Range(0, Messages), values.Order());
        TestClients.AssertKeyOrder(received);
    }

    private static int LeaderOfPartitionZero(KafkaClientFactory clients, string topic)
    {
        using var admin = clients.CreateAdminClient("fault-test");
        return admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Single(t => t.Topic == topic)
            .Partitions.Single(p => p.PartitionId == 0).Leader;
    }
}
