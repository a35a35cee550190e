using CustomerStream.Contracts;
using CustomerStream.Projection.Service;

namespace CustomerStream.Deployment.Tests;

/// <summary>The topic catalog decides each topic's retention; these are the rules it must keep.</summary>
public sealed class TopicCatalogTests
{
    [Fact]
    public void Exactly_the_topics_rebuild_replays_are_kept_forever()
    {
        var replayed = Topics.All.Where(t => t.Retention == TopicRetention.Replayed).Select(t => t.Name).Order();

        Assert.Equal(ProjectionTopicNames.Catalog.All.Order(), replayed);
        Assert.All(Topics.All.Where(t => t.Retention == TopicRetention.Replayed),
            t => Assert.Equal("-1", t.KafkaConfig(604_800_000)["retention.ms"]));
    }

    [Fact]
    public void Every_stage_has_a_one_partition_dead_letter_topic_named_by_the_runtime_rule_and_kept_forever()
    {
        Assert.Equal(["aggregator", "bridge", "identity", "projection"], Topics.DeadLetterTopics.Keys.Order());
        Assert.All(Topics.DeadLetterTopics, stage =>
        {
            Assert.Equal(CustomerStream.Kafka.Faults.DeadLetters.TopicOf(stage.Key), stage.Value);
            var topic = Topics.Get(stage.Value);
            Assert.Equal(1, topic.Partitions);
            Assert.Equal(TopicRetention.Kept, topic.Retention);
            Assert.Equal("-1", topic.KafkaConfig(604_800_000)["retention.ms"]);
        });
        Assert.Equal(Topics.ProjectionDeadLetters, ProjectionTopicNames.Catalog.DeadLetters);
    }

    [Fact]
    public void Stream_topics_take_the_configured_retention_and_the_profile_stream_is_compacted()
    {
        Assert.Equal("86400000", Topics.Get(Topics.IngestOrders).KafkaConfig(86_400_000)["retention.ms"]);
        Assert.Equal("compact", Topics.Get(Topics.CustomerProfileChanged).KafkaConfig(86_400_000)["cleanup.policy"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Topics.Get(Topics.IngestOrders).KafkaConfig(0));
    }
}
