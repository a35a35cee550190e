using CustomerStream.Kafka.Topics;

namespace CustomerStream.Kafka.Tests;

public sealed class TopicPlanTests
{
    [Fact]
    public void Topics_without_a_partition_count_get_the_default_and_repeats_collapse()
    {
        var resolved = TopicPlan.Resolve([new TopicSpec("a"), new TopicSpec("b", 3), new TopicSpec("a", 6)], defaultPartitions: 6);

        Assert.Equal([("a", 6), ("b", 3)], resolved.Select(t => (t.Name, t.Partitions!.Value)));
    }

    [Fact]
    public void The_same_topic_asked_for_with_two_partition_counts_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => TopicPlan.Resolve([new TopicSpec("a", 3), new TopicSpec("a", 4)], 6));

        Assert.Contains("'a'", error.Message);
    }

    [Fact]
    public void Missing_topics_are_planned_for_creation_and_existing_matching_ones_are_left_alone()
    {
        var plan = TopicPlan.Create(
            [new TopicSpec("new", 3), new TopicSpec("same", 6)],
            new Dictionary<string, int> { ["same"] = 6, ["unrelated"] = 1 });

        Assert.Equal(["new"], plan.Missing.Select(t => t.Name));
        Assert.Empty(plan.Mismatches);
        plan.ThrowIfMismatched();
    }

    [Fact]
    public void A_topic_with_another_partition_count_fails_with_both_counts_and_what_to_do()
    {
        var plan = TopicPlan.Create([new TopicSpec("orders", 6)], new Dictionary<string, int> { ["orders"] = 4 });

        var error = Assert.Throws<TopicProvisioningException>(() => plan.ThrowIfMismatched("extra hint"));

        Assert.Contains("'orders' has 4 partitions, 6 are required", error.Message);
        Assert.Contains("Kafka:DefaultPartitions", error.Message);
        Assert.EndsWith("extra hint", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/topic")]
    [InlineData("..")]
    public void Illegal_topic_names_are_refused(string name) =>
        Assert.ThrowsAny<ArgumentException>(() => new TopicSpec(name));

    [Fact]
    public void A_topic_needs_at_least_one_partition() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopicSpec("t", 0));
}
