using CustomerStream.Projection.Service;
using CustomerStream.Streaming.Runtime;

namespace CustomerStream.Cli.Bench;

/// <summary>Everything the bench reads about the running stack at one moment; two of them make a phase's accounting.</summary>
/// <param name="Timestamp">When it was taken (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</param>
/// <param name="Identity">The identity stream thread's figures.</param>
/// <param name="Aggregator">The aggregator stream thread's figures.</param>
/// <param name="Projection">The projection's stage times.</param>
/// <param name="ProcessCpu">CPU seconds of this process per kind of thread (<see cref="ThreadCpu.Kinds"/>).</param>
/// <param name="PostgresCpu">CPU seconds of the PostgreSQL backends serving the marts' database for the pipeline (not the bench's own).</param>
/// <param name="BenchPostgresCpu">CPU seconds of the backends serving the bench's own queries (freshness looks, the SQL baseline, snapshots).</param>
/// <param name="LastProjectionBatch">When the projection last applied a batch (0 before any).</param>
/// <param name="ProjectionLost">Records the projection found removed before it read them, per topic.</param>
internal sealed record PipelineSnapshot(
    long Timestamp,
    StreamThreadFigures Identity,
    StreamThreadFigures Aggregator,
    ProjectionStageTimes Projection,
    IReadOnlyDictionary<string, double> ProcessCpu,
    double PostgresCpu,
    double BenchPostgresCpu,
    long LastProjectionBatch,
    IReadOnlyDictionary<string, long> ProjectionLost)
{
    /// <summary>Records lost to retention before a stage read them, per "stage: topic".</summary>
    public IReadOnlyDictionary<string, long> LostRecords =>
        Identity.SkippedRecords.Select(s => ($"identity: {s.Key}", s.Value))
            .Concat(Aggregator.SkippedRecords.Select(s => ($"aggregator: {s.Key}", s.Value)))
            .Concat(ProjectionLost.Select(s => ($"projection: {s.Key}", s.Value)))
            .ToDictionary(s => s.Item1, s => s.Value, StringComparer.Ordinal);
}
