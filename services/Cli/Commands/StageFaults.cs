using System.Globalization;
using System.Text.Json;
using CustomerStream.Cli.Stack;
using CustomerStream.ServiceDefaults;
using Spectre.Console;

namespace CustomerStream.Cli.Commands;

/// <summary>
/// The part of <c>status</c> that shows the faults each stage waited out or set aside — transient client errors,
/// retried batches, dead letters, records lost to retention — as the running services report them in their health
/// data (every service started from this home, see <see cref="RunningServices"/>), and retention losses the consumer
/// groups' committed positions show now.
/// </summary>
internal static class StageFaults
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>One stage's figures, or why they could not be read.</summary>
    internal sealed record Row(string Service, string Stage, long? ClientErrors, long? Retries, long? DeadLetters, long? LostRecords, string? Problem = null);

    public static async Task PrintAsync(CliContext context, IReadOnlyDictionary<string, long> lostByGroup, CancellationToken cancellationToken)
    {
        var services = RunningServices.Read(context.Home);
        if (lostByGroup.Count > 0)
        {
            context.Out.MarkupLine($"[red]Records lost to retention[/] (a consumer group's committed position is behind the log start): {Markup.Escape(string.Join(", ", lostByGroup.Select(l => $"{l.Key} {l.Value:N0}")))}");
        }
        else
        {
            context.Line("Records lost to retention: none (no consumer group's position is behind the log start).");
        }

        if (services.Count == 0)
        {
            context.Line("Faults per stage: no service started from this home is running (`customerstream run SERVICE` or `up` registers them).");
            return;
        }

        var rows = new List<Row>();
        using var http = new HttpClient { Timeout = AskTimeout };
        foreach (var (name, url) in services)
        {
            rows.AddRange(await AskAsync(http, name, url, cancellationToken));
        }

        static string N(long? n) => n?.ToString("N0", CultureInfo.InvariantCulture) ?? "-";
        context.Line("Faults per stage since each service started (client errors and retries are waited out; dead letters are listed by `customerstream dead-letters`):");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Service").AddColumn("Stage")
            .AddColumn(new TableColumn("Client errors").RightAligned()).AddColumn(new TableColumn("Retries").RightAligned())
            .AddColumn(new TableColumn("Dead letters").RightAligned()).AddColumn(new TableColumn("Lost to retention").RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.Service), Markup.Escape(row.Problem is null ? row.Stage : $"{row.Stage} ({row.Problem})"),
                N(row.ClientErrors), N(row.Retries), N(row.DeadLetters), N(row.LostRecords));
        }

        context.Out.Write(table);
    }

    /// <summary>The stages one service reports: every check of its readiness report that carries fault figures.</summary>
    internal static async Task<IReadOnlyList<Row>> AskAsync(HttpClient http, string service, string url, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            // A service that is not ready answers 503 with the same report: its figures count just as much.
            using var response = await http.GetAsync(url.TrimEnd('/') + CustomerStreamDefaults.ReadyPath, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return [new Row(service, "-", null, null, null, null, $"not answering at {url}")];
        }

        var rows = new List<Row>();
        try
        {
            using var report = JsonDocument.Parse(body);
            foreach (var check in report.RootElement.GetProperty("checks").EnumerateObject())
            {
                if (check.Value.TryGetProperty("data", out var data) && data.TryGetProperty("processingRetries", out _))
                {
                    rows.Add(new Row(service, check.Name, Figure(data, "clientErrors"), Figure(data, "processingRetries"), Figure(data, "deadLetters"), Figure(data, "lostRecords")));
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return [new Row(service, "-", null, null, null, null, "its health report could not be read")];
        }

        return rows;
    }

    private static long? Figure(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.TryGetInt64(out var n) ? n : null;
}
