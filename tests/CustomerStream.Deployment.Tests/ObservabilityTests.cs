using System.Text.Json;
using System.Text.RegularExpressions;

namespace CustomerStream.Deployment.Tests;

/// <summary>
/// The dashboard and the alert rules ask only for metrics the services publish, under the names the
/// OpenTelemetry → Prometheus conversion gives them (dots to underscores, the unit as a suffix, <c>_total</c>
/// on counters, <c>_bucket</c>/<c>_sum</c>/<c>_count</c> on histograms): a renamed instrument fails here
/// instead of leaving an empty panel or an alert that can never fire.
/// </summary>
public sealed partial class ObservabilityTests
{
    [Fact]
    public void Every_metric_of_the_dashboard_and_the_alert_rules_is_published_by_a_service()
    {
        var published = PublishedMetrics();
        var dashboard = JsonDocument.Parse(RepositoryFiles.Read("deploy/observability/customerstream-dashboard.json"));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!))
            .Append(RepositoryFiles.Read("deploy/observability/alerts.yml"))
            .ToList();
        // The application id is a label (the runtime's tag), not a metric.
        var label = CustomerStream.Streaming.Telemetry.StreamingTelemetry.ApplicationIdTag.Replace('.', '_');
        var used = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).Where(m => m != label).ToHashSet(StringComparer.Ordinal);

        Assert.True(used.Count >= 8, $"the dashboard uses only {used.Count} metrics");
        Assert.All(used, metric => Assert.Contains(metric, published));
    }

    [Fact]
    public void The_dashboard_has_the_panels_operators_look_for()
    {
        var titles = JsonDocument.Parse(RepositoryFiles.Read("deploy/observability/customerstream-dashboard.json")).RootElement
            .GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()!).ToList();

        foreach (var wanted in new[] { "Throughput per stage", "Lag per stage", "Freshness", "Rejected records by reason", "Batch time", "PostgreSQL write time" })
        {
            Assert.Contains(titles, t => t.StartsWith(wanted, StringComparison.Ordinal));
        }
    }

    /// <summary>Prometheus names of every instrument created in the services' sources.</summary>
    private static HashSet<string> PublishedMetrics()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(RepositoryFiles.Path("services"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match m in Instrument().Matches(File.ReadAllText(file)))
            {
                var kind = m.Groups[1].Value;
                var unit = m.Groups[3].Value switch
                {
                    "s" => "_seconds",
                    "By" => "_bytes",
                    _ => "",
                };
                var name = m.Groups[2].Value.Replace('.', '_') + unit;
                if (kind == "Histogram")
                {
                    names.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
                }
                else
                {
                    names.Add(kind is "Counter" or "ObservableCounter" ? name + "_total" : name);
                }
            }
        }

        return names;
    }

    [GeneratedRegex(@"Create(Counter|Histogram|ObservableGauge|ObservableCounter|UpDownCounter)(?:<[^>]+>)?\(\s*""(customerstream\.[a-z0-9_.]+)""\s*,\s*(?:[^"",]+,\s*)?""([^""]*)""")]
    private static partial Regex Instrument();

    [GeneratedRegex("customerstream_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
