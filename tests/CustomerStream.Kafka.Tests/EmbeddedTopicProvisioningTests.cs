using Confluent.Kafka;
using CustomerStream.Kafka.Topics;
using CustomerStream.Testing;

namespace CustomerStream.Kafka.Tests;

public sealed class EmbeddedTopicProvisioningTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Provisioning_creates_missing_topics_once_and_is_harmless_when_repeated()
    {
        using var provisioner = new EmbeddedTopicProvisioner(kafka.Cluster, TestClients.For(kafka.BootstrapServers));
        TopicSpec[] topics = [new(Unique.Name("a"), 3), new(Unique.Name("b"))];

        var first = await provisioner.EnsureTopicsAsync(topics, CancellationToken.None);
        var second = await provisioner.EnsureTopicsAsync(topics, CancellationToken.None);

        Assert.Equal([(topics[0].Name, 3, true), (topics[1].Name, 6, true)], first.Select(t => (t.Name, t.Partitions, t.Created)));
        Assert.Equal([(topics[0].Name, 3, false), (topics[1].Name, 6, false)], second.Select(t => (t.Name, t.Partitions, t.Created)));
        Assert.Equal(3, PartitionsOf(topics[0].Name));
        Assert.Equal(6, PartitionsOf(topics[1].Name));
    }

    [Fact]
    public async Task A_topic_that_exists_with_another_partition_count_fails_provisioning_clearly()
    {
        var name = Unique.Name("narrow");
        kafka.Cluster.CreateTopic(name, partitions: 2);
        using var provisioner = new EmbeddedTopicProvisioner(kafka.Cluster, TestClients.For(kafka.BootstrapServers));

        var error = await Assert.ThrowsAsync<TopicProvisioningException>(
            () => provisioner.EnsureTopicsAsync([new TopicSpec(name, 6)], CancellationToken.None));

        Assert.Contains($"'{name}' has 2 partitions, 6 are required", error.Message);
        Assert.Equal(2, PartitionsOf(name));
    }

    [Fact]
    public async Task A_topic_auto_created_by_an_early_producer_is_reported_with_the_reason()
    {
        var name = Unique.Name("early");
        TestClients.ProduceNumbered(TestClients.For(kafka.BootstrapServers), name, first: 0, count: 1);
        using var provisioner = new EmbeddedTopicProvisioner(kafka.Cluster, TestClients.For(kafka.BootstrapServers));

        var error = await Assert.ThrowsAsync<TopicProvisioningException>(
            () => provisioner.EnsureTopicsAsync([new TopicSpec(name, 6)], CancellationToken.None));

        Assert.Contains("has 4 partitions", error.Message);
        Assert.Contains("provision topics before any client uses them", error.Message);
    }

    [Fact]
    public void Creating_a_topic_twice_on_the_cluster_itself_is_harmless()
    {
        var topic = Unique.Name("twice");
        Assert.True(kafka.Cluster.CreateTopic(topic, 2));
        Assert.False(kafka.Cluster.CreateTopic(topic, 2));
    }

    private int PartitionsOf(string topic)
    {
        using var admin = TestClients.For(kafka.BootstrapServers).CreateAdminClient("check");
        return admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Single(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError).Partitions.Count;
    }
}
