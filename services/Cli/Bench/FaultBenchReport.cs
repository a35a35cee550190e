using System.Globalization;
using System.Text.Json;

namespace CustomerStream.Cli.Bench;

/// <summary>Every figure of one <c>bench --faults</c> run: printed for people, written as JSON for scripts.</summary>
internal sealed record FaultBenchReport(
    FaultBenchOptions Options,
    int FeedSeconds,
    FeedResult Feed,
    IReadOnlyList<FaultWindow> Windows,
    IReadOnlyDictionary<string, long> LostRecords,
    BaselineRound Final,
    int ServicesStoppedOnTheirOwn,
    int PostgresConnectionsDropped,
    int RegistryConnectionsDropped)
{
    public long LostTotal => LostRecords.Values.Sum();

    public bool Passed => LostTotal == 0 && Final.Differences == 0 && ServicesStoppedOnTheirOwn == 0;

    public void Print(CliContext context)
    {
        static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture);
        static string Triple(IReadOnlyList<TimeSpan> f) => f.Count == 0
            ? "-"
            : $"{Ms(FeedResult.Percentile(f, 50))} / {Ms(FeedResult.Percentile(f, 99))} / {Ms(FeedResult.Percentile(f, 100))}";
        context.Line("");
        context.Line($"bench --faults: {Options.Customers:N0} people, {Options.Rate:N0} orders/s for {FeedSeconds} s ({Feed.Orders:N0} orders), services as separate processes, {Environment.ProcessorCount} cores");
        context.Line($"  freshness (202 -> mart.orders and mart.customer_month), ms p50 / p99 / max; catch-up = fault lifted -> last order accepted before it in the marts");
        context.Line($"  {"fault",-18} {"held",6} {"orders",7} {"during",-22} {"catch-up",9} {"orders",7} {"after",-22} {"re-sent",7}");
        foreach (var w in Windows)
        {
            context.Line($"  {w.Fault,-18} {w.Held.TotalSeconds,5:N1}s {w.OrdersDuring,7:N0} {Triple(w.During),-22} {w.CatchUp.TotalSeconds,8:N1}s {w.OrdersAfter,7:N0} {Triple(w.After),-22} {w.Retried,7:N0}"
                + (w.Notes.Count == 0 ? "" : "  " + string.Join("; ", w.Notes)));
        }

        context.Line($"  whole feed      freshness p50 {Ms(Feed.Percentile(50))} ms, p99 {Ms(Feed.Percentile(99))} ms, max {Ms(Feed.Percentile(100))} ms; all visible {Feed.UntilAllVisible.TotalSeconds:N1} s after the first order");
        context.Line($"  relays          connections dropped: PostgreSQL {PostgresConnectionsDropped:N0}, Schema Registry {RegistryConnectionsDropped:N0}");
        context.Line($"  services        stopped on their own: {ServicesStoppedOnTheirOwn:N0}");
        context.Line($"  lost records    {LostTotal:N0}" + (LostTotal == 0 ? "" : ": " + string.Join(", ", LostRecords.Where(l => l.Value > 0).Select(l => $"{l.Key} {l.Value:N0}"))));
        context.Line($"  agreement       rows where the marts differ from a plain-SQL refresh: {Final.Differences:N0}");
    }

    public async Task WriteJsonAsync(string path, CancellationToken cancellationToken)
    {
        static Dictionary<string, double>? Figures(IReadOnlyList<TimeSpan> f) => f.Count == 0 ? null : new()
        {
            ["p50_ms"] = FeedResult.Percentile(f, 50).TotalMilliseconds,
            ["p99_ms"] = FeedResult.Percentile(f, 99).TotalMilliseconds,
            ["max_ms"] = FeedResult.Percentile(f, 100).TotalMilliseconds,
        };
        var json = new Dictionary<string, object?>
        {
            ["customers"] = Options.Customers,
            ["seed"] = Options.Seed,
            ["cores"] = Environment.ProcessorCount,
            ["rate"] = Options.Rate,
            ["feed_seconds"] = FeedSeconds,
            ["orders"] = Feed.Orders,
            ["fault_seconds"] = Options.Hold.TotalSeconds,
            ["settle_seconds"] = Options.Settle.TotalSeconds,
            ["faults"] = Windows.Select(w => new Dictionary<string, object?>
            {
                ["fault"] = w.Fault,
                ["what"] = w.What,
                ["held_seconds"] = w.Held.TotalSeconds,
                ["orders_during"] = w.OrdersDuring,
                ["freshness_during"] = Figures(w.During),
                ["catch_up_seconds"] = w.CatchUp.TotalSeconds,
                ["orders_after"] = w.OrdersAfter,
                ["freshness_after"] = Figures(w.After),
                ["orders_re_sent"] = w.Retried,
                ["notes"] = w.Notes,
            }).ToList(),
            ["freshness_whole_feed"] = Figures(Feed.Freshness),
            ["postgres_connections_dropped"] = PostgresConnectionsDropped,
            ["registry_connections_dropped"] = RegistryConnectionsDropped,
            ["services_stopped_on_their_own"] = ServicesStoppedOnTheirOwn,
            ["lost_records"] = LostTotal,
            ["lost_records_by_kind"] = LostRecords,
            ["differing_rows"] = Final.Differences,
            ["passed"] = Passed,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
    }
}
