using System.Globalization;
using System.Text.Json;
using CustomerStream.Generation;

namespace CustomerStream.Cli.Bench;

/// <summary>Every figure of one <c>customerstream bench</c> run: printed for people, written as JSON for scripts.</summary>
internal sealed record PipelineBenchReport(
    GeneratorOptions Options,
    long Rows,
    TimeSpan StagesAssigned,
    TimeSpan FullBuild,
    TimeSpan SettleDetected,
    TimeSpan GlobalRefresh,
    PhaseAccounting FullBuildStages,
    BaselineRound SqlFull,
    FeedResult Increment,
    BaselineRound SqlIncrement,
    int Rate,
    FeedResult? Steady,
    PhaseAccounting? SteadyStages,
    IReadOnlyDictionary<string, long> Queues,
    (int BestRate, IReadOnlyList<(int Rate, FeedResult Result)> Probes)? MaxRate,
    BaselineRound Final,
    IReadOnlyDictionary<string, long> LostRecords,
    long PeakWorkingSet)
{
    public long DifferingRows => SqlFull.Differences + SqlIncrement.Differences + Final.Differences;

    public long LostTotal => LostRecords.Values.Sum() + Increment.Missing + (Steady?.Missing ?? 0);

    public bool Passed => DifferingRows == 0 && LostTotal == 0;

    public void Print(CliContext context)
    {
        static string S(TimeSpan t) => t.TotalSeconds.ToString("N2", CultureInfo.InvariantCulture) + " s";
        static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms";
        var inc = Increment;
        context.Line("");
        context.Line($"bench: {Options.Customers:N0} people, {Rows:N0} source rows, embedded stack, {Environment.ProcessorCount} cores");
        context.Line($"  full build      streaming {S(FullBuild)} = {Rows / FullBuild.TotalSeconds:N0} source events/s (first row read -> last mart write; settled was confirmed {S(SettleDetected)} after the first row)");
        context.Line($"                  + population-wide figures (RFM, cohorts) refreshed once after it: {S(GlobalRefresh)}");
        context.Line($"                  SQL full refresh {S(SqlFull.Refresh.Elapsed)} (from resolved orders; identity, de-duplication and web sessions not included)  ratio streaming/SQL {FullBuild / SqlFull.Refresh.Elapsed:N1}x");
        context.Line($"  +{inc.Orders:N0} orders ({inc.Orders * 100.0 / Rows:N1} %)  streaming {S(inc.UntilAllVisible)} until every new order was in the marts; SQL full refresh {S(SqlIncrement.Refresh.Elapsed)}  ratio SQL/streaming {SqlIncrement.Refresh.Elapsed / inc.UntilAllVisible:N1}x");
        context.Line($"                  freshness p50 {Ms(inc.Percentile(50))}, p99 {Ms(inc.Percentile(99))}, max {Ms(inc.Percentile(100))}");
        if (Steady is { } steady)
        {
            context.Line($"  steady {Rate:N0} orders/s for {S(steady.Sending)}: freshness p50 {Ms(steady.Percentile(50))}, p99 {Ms(steady.Percentile(99))}, max {Ms(steady.Percentile(100))} (202 -> mart.orders and mart.customer_month); all {steady.Orders:N0} visible after {S(steady.UntilAllVisible)}; missing {steady.Missing:N0}");
            context.Line($"                  largest queue per stage during the feed (records not yet committed): {string.Join(", ", Queues.Select(q => $"{q.Key} {q.Value:N0}"))}");
        }

        if (MaxRate is { } max)
        {
            context.Line($"  highest steady rate with freshness p99 < 1 s: {max.BestRate:N0} orders/s (probes: {string.Join(", ", max.Probes.Select(p => $"{p.Rate:N0}/s p99 {Ms(p.Result.Percentile(99))}{(p.Result.Missing > 0 ? $" missing {p.Result.Missing:N0}" : "")}"))})");
        }

        context.Line($"  SQL models      {string.Join(", ", SqlFull.Refresh.Models.Select(m => $"{m.Model} {Ms(m.Elapsed)}"))}");
        context.Line($"  agreement       rows where SQL and streaming marts differ: {SqlFull.Differences:N0} after the full build, {SqlIncrement.Differences:N0} after the increment, {Final.Differences:N0} at the end");
        context.Line($"  lost records    {LostTotal:N0}" + (LostTotal == 0 ? "" : $": {string.Join(", ", LostRecords.Where(l => l.Value > 0).Select(l => $"{l.Key} {l.Value:N0}"))}; new orders never seen {inc.Missing + (Steady?.Missing ?? 0):N0}"));
        context.Line($"  memory          peak working set of the whole stack (Kafka, registry, services) {PeakWorkingSet / (1024.0 * 1024 * 1024):N2} GB");
        context.Line("  full build, " + FullBuildStages.Lines().First());
        foreach (var line in FullBuildStages.Lines().Skip(1))
        {
            context.Line("  " + line);
        }

        if (SteadyStages is { } stages)
        {
            context.Line("  steady feed, " + stages.Lines().First());
            foreach (var line in stages.Lines().Skip(1))
            {
                context.Line("  " + line);
            }
        }

        context.Line("The SQL baseline's tables stay in schema baseline for inspection.");
    }

    public async Task WriteJsonAsync(string path, CancellationToken cancellationToken)
    {
        var json = new Dictionary<string, object?>
        {
            ["customers"] = Options.Customers,
            ["seed"] = Options.Seed,
            ["source_rows"] = Rows,
            ["cores"] = Environment.ProcessorCount,
            ["full_build_seconds"] = FullBuild.TotalSeconds,
            ["full_build_events_per_second"] = Rows / FullBuild.TotalSeconds,
            ["full_build_settle_confirmed_seconds"] = SettleDetected.TotalSeconds,
            ["stages_assigned_seconds"] = StagesAssigned.TotalSeconds,
            ["global_refresh_seconds"] = GlobalRefresh.TotalSeconds,
            ["sql_full_refresh_seconds"] = SqlFull.Refresh.Elapsed.TotalSeconds,
            ["full_build_ratio_streaming_to_sql"] = FullBuild / SqlFull.Refresh.Elapsed,
            ["increment_orders"] = Increment.Orders,
            ["increment_seconds"] = Increment.UntilAllVisible.TotalSeconds,
            ["increment_sql_seconds"] = SqlIncrement.Refresh.Elapsed.TotalSeconds,
            ["increment_ratio_sql_to_streaming"] = SqlIncrement.Refresh.Elapsed / Increment.UntilAllVisible,
            ["freshness_rate"] = Steady is null ? null : Rate,
            ["freshness_seconds"] = Steady?.Sending.TotalSeconds,
            ["freshness_p50_ms"] = Steady?.Percentile(50).TotalMilliseconds,
            ["freshness_p99_ms"] = Steady?.Percentile(99).TotalMilliseconds,
            ["freshness_max_ms"] = Steady?.Percentile(100).TotalMilliseconds,
            ["max_rate_p99_under_1s"] = MaxRate?.BestRate,
            ["max_rate_probes"] = MaxRate?.Probes.Select(p => new Dictionary<string, object>
            {
                ["rate"] = p.Rate, ["p50_ms"] = p.Result.Percentile(50).TotalMilliseconds, ["p99_ms"] = p.Result.Percentile(99).TotalMilliseconds, ["missing"] = p.Result.Missing,
            }).ToList(),
            ["peak_working_set_bytes"] = PeakWorkingSet,
            ["differing_rows"] = DifferingRows,
            ["lost_records"] = LostTotal,
            ["lost_records_by_stage_topic"] = LostRecords,
            ["stages"] = FullBuildStages.ToJson(),
            ["steady_stages"] = SteadyStages?.ToJson(),
            ["sql_models_ms"] = SqlFull.Refresh.Models.ToDictionary(m => m.Model, m => m.Elapsed.TotalMilliseconds),
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
    }
}
