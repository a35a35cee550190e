using System.Text;
using Confluent.Kafka;
using CustomerStream.Streaming.Changelog;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Serialization;
using CustomerStream.Streaming.State;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Streaming.Topics;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

/// <summary>
/// The embedded cluster keeps only about 5 MB per partition (librdkafka's mock drops older message sets), so
/// a large changelog loses its head there. A rebuild must then refuse to start rather than build a wrong state.
/// </summary>
public sealed class RetentionTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "customerstream-streaming-tests", Guid.NewGuid().ToString("N"));

    private static readonly KeyValueStoreDefinition<string, byte[]> Blobs = new("blobs", Serdes.Utf8, Serdes.ByteArray);

    [Fact]
    public async Task A_rebuild_from_a_changelog_that_lost_its_head_fails_instead_of_building_a_wrong_state()
    {
        var input = Unique.Name("in");
        await kafka.CreateTopicAsync(input, 1);
        var provisioner = new DelegateTopicProvisioner((spec, ct) => kafka.CreateTopicAsync(spec.Name, spec.Partitions, ct));
        var topology = new StreamTopology([input], [Blobs], context => new BlobProcessor(context));
        var options = Options(Unique.Name("blobs"));
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            // 40 distinct keys of 256 KB each: about 10 MB of changelog in one partition.
            for (var i = 0; i < 40; i++)
            {
                producer.Produce(input, new Message<string, string> { Key = $"k{i}", Value = "x" });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        await using (var first = new StreamApplication(options, topology, provisioner, new TestLoggerFactory(output, "[first] ")))
        {
            await first.StartAsync();
            await WaitUntilAsync(() => first.GetStatus().ProcessedRecords == 40);
        }

        var fresh = Options(options.ApplicationId);
        await using var second = new StreamApplication(fresh, topology, provisioner, new TestLoggerFactory(output, "[second] "));
        await second.StartAsync();

        await Assert.ThrowsAsync<ChangelogTruncatedException>(() => second.Completion.WaitAsync(TimeSpan.FromSeconds(90)));
        Assert.Equal(StreamApplicationState.Failed, second.State);
    }

    [Fact]
    public async Task Input_records_removed_by_retention_before_they_were_read_are_reported_as_lost_per_topic()
    {
        var input = Unique.Name("in");
        await kafka.CreateTopicAsync(input, 1);
        var provisioner = new DelegateTopicProvisioner((spec, ct) => kafka.CreateTopicAsync(spec.Name, spec.Partitions, ct));
        var topology = new StreamTopology([input], [Blobs], context => new BlobProcessor(context, blobBytes: 16));
        var options = Options(Unique.Name("lost"));
        await ProduceRandomAsync(input, count: 2, bytes: 16);
        await using (var first = new StreamApplication(options, topology, provisioner, new TestLoggerFactory(output, "[first] ")))
        {
            await first.StartAsync();
            await WaitUntilAsync(() => first.GetStatus().ProcessedRecords == 2);
            Assert.Equal(0, first.GetStatus().Figures.LostRecords);
        }

        // While nobody reads, about 10 MB of incompressible records push the oldest ones out of the partition.
        await ProduceRandomAsync(input, count: 40, bytes: 256 * 1024);
        long low;
        using (var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = Unique.Name("probe") }).Build())
        {
            low = probe.QueryWatermarkOffsets(new TopicPartition(input, 0), TimeSpan.FromSeconds(10)).Low.Value;
        }

        Assert.True(low > 2, $"the partition kept everything (starts at {low}); the test needs records to be removed");
        await using var second = new StreamApplication(options, topology, provisioner, new TestLoggerFactory(output, "[second] "));
        await second.StartAsync();
        await WaitUntilAsync(() => second.GetStatus().Figures.LostRecords > 0);
        Assert.Equal(low - 2, second.GetStatus().Figures.SkippedRecords[input]);
    }

    private async Task ProduceRandomAsync(string topic, int count, int bytes)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        for (var i = 0; i < count; i++)
        {
            producer.Produce(topic, new Message<string, byte[]> { Key = $"k{i}", Value = System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes) });
        }

        await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(30)));
    }

    private StreamApplicationOptions Options(string applicationId) => new()
    {
        ApplicationId = applicationId,
        BootstrapServers = kafka.BootstrapServers,
        StateDirectory = Path.Combine(_root, Guid.NewGuid().ToString("N")),
        MaxBatchRecords = 4,
        MaxBatchWait = TimeSpan.FromMilliseconds(20),
        SessionTimeout = TimeSpan.FromSeconds(3),
        HeartbeatInterval = TimeSpan.FromMilliseconds(300),
        MaxPollInterval = TimeSpan.FromSeconds(20),
    };

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 60 s");
            await Task.Delay(50);
        }
    }

    private sealed class BlobProcessor(IProcessorContext context, int blobBytes = 256 * 1024) : IStreamProcessor
    {
        private readonly IKeyValueStore<string, byte[]> _blobs = context.GetStore(Blobs);

        public void Process(StreamRecord record, IProcessorContext context) =>
            // Random bytes: the runtime's producer compresses, and zeros would shrink to nothing.
            _blobs.Put(Encoding.UTF8.GetString(record.Key!), System.Security.Cryptography.RandomNumberGenerator.GetBytes(blobBytes));
    }
}
