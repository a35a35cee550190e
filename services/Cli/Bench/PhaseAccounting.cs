using System.Diagnostics;
using System.Globalization;
using CustomerStream.Projection.Service;
using CustomerStream.Streaming.Runtime;

namespace CustomerStream.Cli.Bench;

/// <summary>
/// Where the time of one bench phase went, per stage: records and records/s, CPU seconds where a stage has a
/// thread of its own, and the seconds it spent waiting (for input, for acknowledgements, for PostgreSQL).
/// </summary>
internal sealed record PhaseAccounting(
    TimeSpan Wall,
    long IngestRecords,
    TimeSpan IngestSeconds,
    StreamStage Identity,
    StreamStage Aggregator,
    ProjectionStageTimes Projection,
    double PostgresCpu,
    double BenchPostgresCpu,
    IReadOnlyDictionary<string, double> ProcessCpu)
{
    public static PhaseAccounting Between(PipelineSnapshot before, PipelineSnapshot after, long ingestRecords, TimeSpan ingestSeconds) => new(
        Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp),
        ingestRecords,
        ingestSeconds,
        StreamStage.Between(before.Identity, after.Identity),
        StreamStage.Between(before.Aggregator, after.Aggregator),
        after.Projection.Since(before.Projection),
        after.PostgresCpu - before.PostgresCpu,
        after.BenchPostgresCpu - before.BenchPostgresCpu,
        after.ProcessCpu.ToDictionary(c => c.Key, c => c.Value - before.ProcessCpu.GetValueOrDefault(c.Key), StringComparer.Ordinal));

    public double ProcessCpuTotal => ProcessCpu.Values.Sum();

    public IEnumerable<string> Lines()
    {
        static string F(double value, string format = "N2") => value.ToString(format, CultureInfo.InvariantCulture);
        var wall = Wall.TotalSeconds;
        yield return $"where the time went ({F(wall)} s wall, {Environment.ProcessorCount} cores = {F(wall * Environment.ProcessorCount)} CPU s available):";
        yield return $"  ingest       {IngestRecords,9:N0} rows in {F(IngestSeconds.TotalSeconds)} s = {IngestRecords / Math.Max(0.001, IngestSeconds.TotalSeconds),7:N0}/s  (read, normalize, encode, produce; CPU in \"other threads\")";
        foreach (var (name, stage) in new[] { ("identity", Identity), ("aggregator", Aggregator) })
        {
            yield return $"  {name,-12} {stage.Records,9:N0} records, {stage.Batches:N0} batches, CPU {F(stage.Cpu)} s = {F(stage.MicrosecondsPerRecord, "N1")} µs/record; " +
                         $"wall s: processing {F(stage.Process)}, waiting for input {F(stage.Poll)}, for acks {F(stage.Flush)}, for commits {F(stage.Commit)}, backpressure {F(stage.Backpressure)}, restore {F(stage.Restore)}";
        }

        var p = Projection;
        yield return $"  projection   {p.Records,9:N0} records, {p.Batches:N0} batches, {p.RowsWritten:N0} rows; wall s: decoding {F(p.Decoding.TotalSeconds)}, preparing {F(p.Preparing.TotalSeconds)}, " +
                     $"PostgreSQL {F(p.Database.TotalSeconds)}, commits {F(p.Committing.TotalSeconds)}, waiting for input {F(p.Waiting.TotalSeconds)}";
        yield return $"  PostgreSQL   CPU {F(PostgresCpu)} s in the marts database's backends serving the pipeline; {F(BenchPostgresCpu)} s in those of the bench's own queries (freshness looks, snapshots)";
        yield return $"  CPU s of this process {F(ProcessCpuTotal)}: " + string.Join(", ", ThreadCpu.Kinds.Select(k => $"{k.Description} {F(ProcessCpu.GetValueOrDefault(k.Kind))}"));
    }

    public Dictionary<string, object> ToJson() => new()
    {
        ["wall_seconds"] = Wall.TotalSeconds,
        ["ingest"] = new Dictionary<string, object> { ["records"] = IngestRecords, ["seconds"] = IngestSeconds.TotalSeconds },
        ["identity"] = Identity.ToJson(),
        ["aggregator"] = Aggregator.ToJson(),
        ["projection"] = new Dictionary<string, object>
        {
            ["records"] = Projection.Records,
            ["batches"] = Projection.Batches,
            ["rows_written"] = Projection.RowsWritten,
            ["decoding_seconds"] = Projection.Decoding.TotalSeconds,
            ["preparing_seconds"] = Projection.Preparing.TotalSeconds,
            ["postgres_seconds"] = Projection.Database.TotalSeconds,
            ["commit_seconds"] = Projection.Committing.TotalSeconds,
            ["waiting_seconds"] = Projection.Waiting.TotalSeconds,
        },
        ["postgres_cpu_seconds"] = PostgresCpu,
        ["bench_postgres_cpu_seconds"] = BenchPostgresCpu,
        ["process_cpu_seconds"] = ProcessCpuTotal,
        ["process_cpu_seconds_by_thread_kind"] = ProcessCpu,
    };
}

/// <summary>One stream application's share of a phase.</summary>
internal sealed record StreamStage(long Records, long Batches, double Cpu, double Process, double Poll, double Flush, double Commit, double Backpressure, double Restore)
{
    public double MicrosecondsPerRecord => Records > 0 ? Cpu * 1e6 / Records : 0;

    public static StreamStage Between(StreamThreadFigures before, StreamThreadFigures after) => new(
        after.Records - before.Records,
        after.Batches - before.Batches,
        after.CpuSeconds - before.CpuSeconds,
        after.ProcessSeconds - before.ProcessSeconds,
        after.PollSeconds - before.PollSeconds,
        after.FlushSeconds - before.FlushSeconds,
        after.CommitSeconds - before.CommitSeconds,
        after.BackpressureSeconds - before.BackpressureSeconds,
        after.RestoreSeconds - before.RestoreSeconds);

    public Dictionary<string, object> ToJson() => new()
    {
        ["records"] = Records,
        ["batches"] = Batches,
        ["cpu_seconds"] = Cpu,
        ["cpu_microseconds_per_record"] = MicrosecondsPerRecord,
        ["processing_seconds"] = Process,
        ["waiting_for_input_seconds"] = Poll,
        ["waiting_for_acks_seconds"] = Flush,
        ["waiting_for_commits_seconds"] = Commit,
        ["backpressure_seconds"] = Backpressure,
        ["restore_seconds"] = Restore,
    };
}
