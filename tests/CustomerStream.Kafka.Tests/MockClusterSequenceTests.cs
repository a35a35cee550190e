using Confluent.Kafka;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Testing;

namespace CustomerStream.Kafka.Tests;

/// <summary>
/// Pins a limitation of the embedded cluster (librdkafka's mock cluster) that a real broker does not have: it checks
/// the sequence numbers of an idempotent producer only for transactional producers. When a Produce request fails with a
/// retriable error while the producer's later requests for the same partition are in flight, a real broker refuses
/// those later ones (OUT_OF_ORDER_SEQUENCE_NUMBER) and the producer re-sends everything in order. The mock writes them,
/// and librdkafka, which trusts that a later batch is only ever written after the earlier ones, then reports the failed
/// batch delivered ("implicitly acked by subsequent batch success") without ever sending it again: the records are
/// acknowledged but missing from the log. This is the loss `bench --faults` shows under "produce errors"
/// (docs/benchmarks.md, "Faults under a steady feed"). The day this test fails, the mock (or librdkafka) has changed:
/// the broker faults can then go back into FaultBenchTests and the docs be corrected.
/// </summary>
public sealed class MockClusterSequenceTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    private const int Messages = 10;

    [Fact]
    public async Task A_failed_produce_request_followed_by_written_ones_is_reported_delivered_but_missing_from_the_log()
    {
        var topic = Unique.Name("mock-seq");
        await kafka.CreateTopicAsync(topic, partitions: 1);
        using var logs = new RecordingLogger();
        var clients = TestClients.For(kafka.BootstrapServers, logs: logs.Factory());
        var config = clients.CreateProducerConfig("mock-seq");
        // One message per batch and answers a second late, so that several Produce requests of the partition are in
        // flight when the first one is answered with the injected error (up to 5 per connection, librdkafka's default).
        config.LingerMs = 0;
        config.BatchNumMessages = 1;
        config.Debug = "msg,eos";
        for (var broker = 1; broker <= 3; broker++)
        {
            kafka.Cluster.SetBrokerRoundTripTime(broker, TimeSpan.FromSeconds(1));
        }

        var delivered = 0;
        var failed = 0;
        try
        {
            using var producer = clients.CreateProducerBuilder<string, string>(config).Build();
            // Warm up: metadata and the producer id are in place, so the next Produce request is the first of the batch below.
            await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "-1" });
            kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition);
            for (var i = 0; i < Messages; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = "k", Value = i.ToString() }, report =>
                {
                    if (report.Error.IsError)
                    {
                        Interlocked.Increment(ref failed);
                    }
                    else
                    {
                        Interlocked.Increment(ref delivered);
                    }
                });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            for (var broker = 1; broker <= 3; broker++)
            {
                kafka.Cluster.SetBrokerRoundTripTime(broker, TimeSpan.Zero);
            }
        }

        var inLog = ReadAll(clients, topic);
        Assert.Equal(0, failed);
        Assert.Equal(Messages, delivered);
        // Reported delivered, yet not in the log: the batch that got the error.
        var missing = Enumerable.Range(0, Messages).Except(inLog).ToList();
        Assert.True(missing.Count > 0, $"all {Messages} records are in the log: the mock now refuses out-of-order sequences");
        Assert.Equal(Messages, inLog.Count + missing.Count);
        Assert.Contains(logs.Entries, e => e.Message.Contains("implicitly acked by subsequent batch success", StringComparison.Ordinal));
    }

    private static List<int> ReadAll(KafkaClientFactory clients, string topic)
    {
        using var consumer = clients.CreateConsumerBuilder<string, string>(clients.CreateConsumerConfig(Unique.Name("check"), "check")).Build();
        var partition = new TopicPartition(topic, 0);
        var end = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var values = new List<int>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (values.Count < end && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } result)
            {
                values.Add(int.Parse(result.Message.Value));
            }
        }

        return values.Where(v => v >= 0).ToList();
    }
}
