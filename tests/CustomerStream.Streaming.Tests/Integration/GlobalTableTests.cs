using Confluent.Kafka;
using CustomerStream.Streaming.GlobalTables;
using CustomerStream.Streaming.Serialization;
using CustomerStream.Testing;

namespace CustomerStream.Streaming.Tests.Integration;

public sealed class GlobalTableTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "customerstream-global-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_instance_sees_the_latest_value_of_every_key_and_keeps_up_with_new_ones(bool persistent)
    {
        var topic = Unique.Name("links");
        await kafka.CreateTopicAsync(topic, 3);
        var expected = new Dictionary<string, string>();
        using var producer = new ProducerBuilder<string, string?>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        Produce(producer, topic, expected, from: 0, count: 2_000);

        await using var table = new GlobalTable<string, string>(Options(topic, persistent), Serdes.Utf8, Serdes.Utf8);
        await table.StartAsync();
        await table.WaitUntilCaughtUpAsync();
        AssertContents(table, expected);

        Produce(producer, topic, expected, from: 2_000, count: 500);
        await table.WaitUntilCaughtUpAsync();
        AssertContents(table, expected);
    }

    [Fact]
    public async Task A_restarted_persistent_table_keeps_its_contents_and_catches_up()
    {
        var topic = Unique.Name("links");
        await kafka.CreateTopicAsync(topic, 3);
        var expected = new Dictionary<string, string>();
        using var producer = new ProducerBuilder<string, string?>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        Produce(producer, topic, expected, from: 0, count: 1_000);
        await using (var first = new GlobalTable<string, string>(Options(topic, persistent: true), Serdes.Utf8, Serdes.Utf8))
        {
            await first.StartAsync();
            await first.WaitUntilCaughtUpAsync();
        }

        Produce(producer, topic, expected, from: 1_000, count: 300);
        await using var second = new GlobalTable<string, string>(Options(topic, persistent: true), Serdes.Utf8, Serdes.Utf8);
        await second.StartAsync();
        await second.WaitUntilCaughtUpAsync();

        AssertContents(second, expected);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private GlobalTableOptions Options(string topic, bool persistent) => new()
    {
        Topic = topic,
        BootstrapServers = kafka.BootstrapServers,
        StateDirectory = persistent ? _directory : null,
    };

    /// <summary>Keys repeat (the latest wins) and every 13th record deletes its key.</summary>
    private static void Produce(IProducer<string, string?> producer, string topic, Dictionary<string, string> expected, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            var key = $"email:user{i % 400}@example.com";
            var value = i % 13 == 0 ? null : $"c360-{i}";
            producer.Produce(topic, new Message<string, string?> { Key = key, Value = value });
            if (value is null)
            {
                expected.Remove(key);
            }
            else
            {
                expected[key] = value;
            }
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    private static void AssertContents(GlobalTable<string, string> table, Dictionary<string, string> expected)
    {
        for (var i = 0; i < 400; i++)
        {
            var key = $"email:user{i}@example.com";
            if (expected.TryGetValue(key, out var value))
            {
                Assert.True(table.TryGet(key, out var found), key);
                Assert.Equal(value, found);
            }
            else
            {
                Assert.False(table.TryGet(key, out _), key);
            }
        }
    }
}
