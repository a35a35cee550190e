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
    public void Stream_topics_take_the_configured_retention_and_the_profile_stream_is_compacted()
    {
        Assert.Equal("86400000", Topics.Get(Topics.IngestOrders).KafkaConfig(86_400_000)["retention.ms"]);
        Assert.Equal("compact", Topics.Get(Topics.CustomerProfileChanged).KafkaConfig(86_400_000)["cleanup.policy"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Topics.Get(Topics.IngestOrders).KafkaConfig(0));
    }
}
