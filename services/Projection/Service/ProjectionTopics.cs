using CustomerStream.Contracts;

namespace CustomerStream.Projection.Service;

/// <summary>The topics the projection consumes (and a rebuild replays).</summary>
public static class ProjectionTopics
{
    public static IReadOnlyList<string> All { get; } = [Topics.AggregateChanges, Topics.IdentityLinks, Topics.CustomerMerged, Topics.IngestRejected];

    /// <summary>What a business-unit rebuild needs: only the aggregator's changes carry business-unit rows.</summary>
    public static IReadOnlyList<string> BusinessUnitRows { get; } = [Topics.AggregateChanges];
}
