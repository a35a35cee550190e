#if REAL_KAFKA
using CustomerStream.Kafka.Topics;
using CustomerStream.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerStream.Kafka.Tests;

/// <summary>
/// Topic creation through the Admin API, which only a real Kafka cluster offers. Compiled in only when the
/// build sees <c>CS_TEST_KAFKA_BOOTSTRAP</c> or <c>CS_TEST_KAFKA=testcontainers</c>, so no test pretends to
/// pass where no such cluster exists (see the test project file).
/// </summary>
public sealed class RealKafkaProvisioningTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    [Fact]
    public async Task The_Admin_API_creates_missing_topics_once_and_repeating_is_harmless()
    {
        using var provisioner = Provisioner();
        TopicSpec[] topics = [new(Unique.Name("admin-a"), 3), new(Unique.Name("admin-b"), 2, new Dictionary<string, string> { ["cleanup.policy"] = "compact" })];

        var first = await provisioner.EnsureTopicsAsync(topics, CancellationToken.None);
        var second = await provisioner.EnsureTopicsAsync(topics, CancellationToken.None);

        Assert.All(first, t => Assert.True(t.Created));
        Assert.All(second, t => Assert.False(t.Created));
        Assert.Equal([3, 2], second.Select(t => t.Partitions));
    }

    [Fact]
    public async Task The_Admin_API_provisioner_refuses_a_topic_with_another_partition_count()
    {
        using var provisioner = Provisioner();
        var name = Unique.Name("admin-narrow");
        await provisioner.EnsureTopicsAsync([new TopicSpec(name, 2)], CancellationToken.None);

        var error = await Assert.ThrowsAsync<TopicProvisioningException>(
            () => provisioner.EnsureTopicsAsync([new TopicSpec(name, 5)], CancellationToken.None));

        Assert.Contains($"'{name}' has 2 partitions, 5 are required", error.Message);
    }

    private AdminApiTopicProvisioner Provisioner() =>
        new(TestClients.For(kafka.BootstrapServers, o => o.ReplicationFactor = 1), NullLogger<AdminApiTopicProvisioner>.Instance);
}
#endif
