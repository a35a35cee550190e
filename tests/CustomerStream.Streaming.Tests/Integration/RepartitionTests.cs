using System.Text;
using Confluent.Kafka;
using CustomerStream.Streaming.Repartition;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Telemetry;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Streaming.Topics;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

public sealed class RepartitionTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Records_of_several_topics_are_funnelled_into_one_partition_under_their_new_key_with_headers_and_timestamps_kept()
    {
        var orders = Unique.Name("orders");
        var customers = Unique.Name("customers");
        var funnel = Unique.Name("funnel");
        await kafka.CreateTopicAsync(orders, 3);
        await kafka.CreateTopicAsync(customers, 2);
        var sent = new List<(string Topic, string Value, Timestamp Timestamp)>();
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            for (var i = 0; i < 200; i++)
            {
                var topic = i % 4 == 0 ? customers : orders;
                var timestamp = new Timestamp(DateTime.UtcNow.AddMinutes(-i));
                var headers = new Headers { { "source-id", Encoding.UTF8.GetBytes($"r{i}") } };
                TraceContextPropagation.Inject(headers, new System.Diagnostics.ActivityContext(
                    System.Diagnostics.ActivityTraceId.CreateRandom(), System.Diagnostics.ActivitySpanId.CreateRandom(),
                    System.Diagnostics.ActivityTraceFlags.Recorded));
                var value = $"customer-{i % 7}|{i}";
                producer.Produce(topic, new Message<string, string> { Key = $"k{i}", Value = value, Headers = headers, Timestamp = timestamp });
                sent.Add((topic, value, new Timestamp(timestamp.UnixTimestampMs, TimestampType.CreateTime)));
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        var topology = Repartitioning.Topology(
            [orders, customers], funnel, targetPartitions: 1,
            record => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(record.Value!).Split('|')[0]),
            sourceTopicHeader: "cs-source-topic");
        var provisioner = new DelegateTopicProvisioner((spec, ct) => kafka.CreateTopicAsync(spec.Name, spec.Partitions, ct));
        await using var application = new StreamApplication(Options(Unique.Name("router")), topology, provisioner, new TestLoggerFactory(output));
        await application.StartAsync();

        var received = await ReadAsync(funnel, sent.Count);

        Assert.All(received, r => Assert.Equal(0, r.Partition.Value));
        Assert.Equal(sent.Select(s => s.Value).Order(), received.Select(r => Encoding.UTF8.GetString(r.Message.Value)).Order());
        foreach (var record in received)
        {
            var value = Encoding.UTF8.GetString(record.Message.Value);
            var original = sent.Single(s => s.Value == value);
            Assert.Equal(value.Split('|')[0], Encoding.UTF8.GetString(record.Message.Key));
            Assert.Equal(original.Topic, Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes("cs-source-topic")));
            Assert.Equal($"r{value.Split('|')[1]}", Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes("source-id")));
            Assert.True(TraceContextPropagation.TryExtract(record.Message.Headers, out _));
            Assert.Equal(original.Timestamp.UnixTimestampMs, record.Message.Timestamp.UnixTimestampMs);
        }
    }

    private StreamApplicationOptions Options(string applicationId) => new()
    {
        ApplicationId = applicationId,
        BootstrapServers = kafka.BootstrapServers,
        StateDirectory = Path.Combine(Path.GetTempPath(), "customerstream-streaming-tests", Guid.NewGuid().ToString("N")),
        MaxBatchWait = TimeSpan.FromMilliseconds(20),
        SessionTimeout = TimeSpan.FromSeconds(3),
        HeartbeatInterval = TimeSpan.FromMilliseconds(300),
        MaxPollInterval = TimeSpan.FromSeconds(20),
    };

    private async Task<List<ConsumeResult<byte[], byte[]>>> ReadAsync(string topic, int count)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = Unique.Name("reader"),
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var results = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        await Task.Run(() =>
        {
            while (results.Count < count && DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } result)
                {
                    results.Add(result);
                }
            }
        });
        Assert.Equal(count, results.Count);
        return results;
    }
}
