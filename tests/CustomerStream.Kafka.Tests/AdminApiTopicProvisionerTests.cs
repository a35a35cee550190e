using Confluent.Kafka;
using Confluent.Kafka.Admin;
using CustomerStream.Kafka.Topics;
using CustomerStream.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerStream.Kafka.Tests;

/// <summary>
/// The Admin API provisioner against the embedded cluster, which answers metadata but has no CreateTopics:
/// everything up to creation runs for real here. Creation itself runs against real Kafka in
/// <c>RealKafkaProvisioningTests</c>, compiled in when <c>CS_TEST_KAFKA_BOOTSTRAP</c> or <c>CS_TEST_KAFKA=testcontainers</c> is set.
/// </summary>
public sealed class AdminApiTopicProvisionerTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Topics_that_all_exist_with_their_partition_counts_are_accepted_without_creating_anything()
    {
        var name = Unique.Name("present");
        kafka.Cluster.CreateTopic(name, partitions: 4);
        using var provisioner = Provisioner();

        var first = await provisioner.EnsureTopicsAsync([new TopicSpec(name, 4)], CancellationToken.None);
        var second = await provisioner.EnsureTopicsAsync([new TopicSpec(name, 4)], CancellationToken.None);

        Assert.Equal(new ProvisionedTopic(name, 4, Created: false), Assert.Single(first));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task An_existing_topic_with_another_partition_count_fails_before_anything_is_created()
    {
        var existing = Unique.Name("narrow");
        var missing = Unique.Name("never");
        kafka.Cluster.CreateTopic(existing, partitions: 2);
        using var provisioner = Provisioner();

        var error = await Assert.ThrowsAsync<TopicProvisioningException>(
            () => provisioner.EnsureTopicsAsync([new TopicSpec(missing, 2), new TopicSpec(existing, 8)], CancellationToken.None));

        Assert.Contains($"'{existing}' has 2 partitions, 8 are required", error.Message);
    }

    [Fact]
    public async Task A_cluster_without_the_CreateTopics_API_fails_with_a_pointer_to_the_embedded_mode()
    {
        using var provisioner = Provisioner(adminTimeoutMs: 1_500);

        var error = await Assert.ThrowsAsync<TopicProvisioningException>(
            () => provisioner.EnsureTopicsAsync([new TopicSpec(Unique.Name("absent"), 1)], CancellationToken.None));

        Assert.Contains("Kafka:Mode=Embedded", error.Message);
    }

    [Fact]
    public void A_topic_that_already_exists_is_not_a_creation_failure_but_other_errors_are()
    {
        var failures = AdminApiTopicProvisioner.Failures(
        [
            new CreateTopicReport { Topic = "fine", Error = new Error(ErrorCode.NoError) },
            new CreateTopicReport { Topic = "raced", Error = new Error(ErrorCode.TopicAlreadyExists) },
            new CreateTopicReport { Topic = "refused", Error = new Error(ErrorCode.PolicyViolation, "too many partitions") },
        ]);

        var failure = Assert.Single(failures);
        Assert.Contains("'refused'", failure);
        Assert.Contains("too many partitions", failure);
    }

    private AdminApiTopicProvisioner Provisioner(int adminTimeoutMs = 15_000) =>
        new(
            TestClients.For(kafka.BootstrapServers, o => o.AdminTimeoutMs = adminTimeoutMs),
            NullLogger<AdminApiTopicProvisioner>.Instance);
}
