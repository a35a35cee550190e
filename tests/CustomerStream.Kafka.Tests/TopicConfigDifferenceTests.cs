using CustomerStream.Kafka.Topics;

namespace CustomerStream.Kafka.Tests;

public sealed class TopicConfigDifferenceTests
{
    private static readonly Dictionary<string, string> Replayed = new() { ["cleanup.policy"] = "delete", ["retention.ms"] = "-1" };

    [Fact]
    public void A_topic_with_the_broker_default_retention_differs_from_one_kept_forever()
    {
        var differences = TopicConfigDifference.Compare("t", Replayed, new Dictionary<string, string?> { ["cleanup.policy"] = "delete", ["retention.ms"] = "604800000" });

        var difference = Assert.Single(differences);
        Assert.Equal(new TopicConfigDifference("t", "retention.ms", "604800000", "-1"), difference);
        Assert.Equal("'t' has retention.ms=604800000, -1 is required", difference.ToString());
    }

    [Fact]
    public void Cleanup_policies_compare_as_sets_and_settings_not_asked_for_are_not_compared()
    {
        var required = new Dictionary<string, string> { ["cleanup.policy"] = "compact,delete" };

        Assert.Empty(TopicConfigDifference.Compare("t", required, new Dictionary<string, string?> { ["cleanup.policy"] = "delete, compact", ["segment.ms"] = "1" }));
        Assert.Single(TopicConfigDifference.Compare("t", required, new Dictionary<string, string?> { ["cleanup.policy"] = "compact" }));
        Assert.Single(TopicConfigDifference.Compare("t", required, new Dictionary<string, string?>()));
    }
}
