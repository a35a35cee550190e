using Confluent.Kafka;
using CustomerStream.Testing;

namespace CustomerStream.Kafka.Tests;

public sealed class KafkaClientFactoryTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public void Producers_are_idempotent_and_batch_for_throughput()
    {
        var config = TestClients.For("b:9092").CreateProducerConfig("ingest");

        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        Assert.Equal(5, config.LingerMs);
        Assert.Equal(1_000_000, config.BatchSize);
        Assert.Equal("customerstream-ingest", config.ClientId);
        Assert.Equal("b:9092", config.BootstrapServers);
    }

    [Fact]
    public void Consumers_fetch_with_a_short_wait_and_large_partition_fetches_and_commit_explicitly()
    {
        var config = TestClients.For("b:9092").CreateConsumerConfig("identity", "identity-1");

        Assert.Equal("identity", config.GroupId);
        Assert.Equal(10, config.FetchWaitMaxMs);
        Assert.Equal(10_000_000, config.MaxPartitionFetchBytes);
        Assert.False(config.EnableAutoCommit);
        Assert.Equal(AutoOffsetReset.Earliest, config.AutoOffsetReset);
    }

    [Fact]
    public void Extra_librdkafka_settings_are_applied_to_every_client_and_win()
    {
        var clients = TestClients.For("b:9092", o =>
        {
            o.Settings["linger.ms"] = "50";
            o.Settings["security.protocol"] = "SASL_SSL";
        });

        Assert.Equal(50, clients.CreateProducerConfig("p").LingerMs);
        Assert.Equal("SASL_SSL", clients.CreateConsumerConfig("g", "c").Get("security.protocol"));
        Assert.Equal("SASL_SSL", clients.CreateAdminConfig("a").Get("security.protocol"));
    }

    [Fact]
    public void Librdkafka_logs_go_to_the_logger_of_the_factory()
    {
        using var logs = new RecordingLogger();
        var clients = TestClients.For(kafka.BootstrapServers, o => o.Settings["debug"] = "metadata", logs.Factory());

        using (var admin = clients.CreateAdminClient("logging"))
        {
            admin.GetMetadata(TimeSpan.FromSeconds(10));
        }

        Assert.Contains(logs.Entries, e => e.Category == "CustomerStream.Kafka.Librdkafka" && e.Message.Contains("customerstream-logging"));
    }
}
