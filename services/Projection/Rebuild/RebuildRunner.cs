using CustomerStream.Projection.Service;
using CustomerStream.Projection.Storage;

namespace CustomerStream.Projection.Rebuild;

/// <summary>
/// <c>rebuild [--business-unit BU]</c> end to end: drop the projected rows in scope, replay the retained
/// topics into the same transaction, commit. The marts stay readable (old rows) until the commit; live
/// batches wait for it and then continue where they were, skipping what the replay already applied. The
/// global figures (<see cref="MartRefresher"/>) are refreshed right after.
/// </summary>
public sealed class RebuildRunner(MartRebuilder rebuilder, TopicReplayer replayer, ProjectionTopicNames topics, MartRefresher refresher)
{
    public async Task<RebuildResult> RunAsync(RebuildScope scope, IProgress<ReplayProgress>? progress, CancellationToken cancellationToken)
    {
        await using var session = await rebuilder.BeginAsync(scope, cancellationToken);
        var replay = await replayer.ReplayAsync(session, scope.BusinessUnit is null ? topics.All : [topics.Changes], progress, cancellationToken);
        await session.CommitAsync(cancellationToken);

        // Everything was rewritten: the population-wide figures follow at once rather than at the next tick.
        await refresher.RefreshAsync(cancellationToken);
        return new RebuildResult(scope, session.ClearedRows, replay);
    }
}
