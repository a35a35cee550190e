using System.Globalization;
using System.Net;
using System.Text.Json;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Generation;
using CustomerStream.Kafka.Faults;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// The Customer 360 console in a real browser against `demo --keep-running` on a generated sample: what the page
/// shows is checked against the sample's ground truth (computed by an independent batch implementation of the
/// contract), with the keyboard only, and without a single console error.
/// </summary>
public sealed class ConsoleBrowserTests(ConsoleDemo demo, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ConsoleDemo>
{
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 60_000 };

    [Fact]
    public void Demo_writes_the_console_url_and_read_key_into_an_endpoints_file_only_its_owner_reads()
    {
        Assert.StartsWith("http://127.0.0.1:", demo.Endpoints.ConsoleUrl, StringComparison.Ordinal);
        Assert.EndsWith("/console", demo.Endpoints.ConsoleUrl, StringComparison.Ordinal);
        Assert.True(demo.Endpoints.ReadApiKey is { Length: >= 16 });
        Assert.NotEqual(demo.Endpoints.IngestApiKey, demo.Endpoints.ReadApiKey);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(demo.EndpointsPath));
        }
    }

    [Fact]
    public async Task Searching_by_email_shows_the_profile_identifiers_and_a_months_revenue_of_the_ground_truth()
    {
        var (customer, _) = Pick();
        var email = customer.Identifiers.First(i => i.StartsWith("email:", StringComparison.Ordinal))["email:".Length..];
        var (page, errors) = await demo.OpenAsync();

        // Keyboard only: the search box has the focus after loading; Tab leaves it, "/" comes back, Enter searches.
        await Expect(page.Locator("#count")).Not.ToHaveTextAsync("–", new() { Timeout = 60_000 });
        await Expect(page.Locator("#q")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#q")).Not.ToBeFocusedAsync();
        await page.Keyboard.PressAsync("/");
        await Expect(page.Locator("#q")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(email);
        var asked = System.Diagnostics.Stopwatch.StartNew();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("[data-field='Customer360 ID'] dd")).ToHaveTextAsync(customer.CustomerId, Patient);
        await Expect(page.Locator("#periods tbody tr")).Not.ToHaveCountAsync(0);
        var shown = asked.Elapsed;
        await Expect(page.Locator("[data-field='Visibility'] dd")).ToHaveTextAsync(customer.VisibilityStatus);
        await Expect(page.Locator("[data-field='Acquisition source'] dd")).ToHaveTextAsync(customer.AcquisitionSource ?? "–");
        foreach (var identifier in customer.Identifiers)
        {
            await Expect(page.Locator($"#identifiers tr[data-identifier='{identifier}'] td").Nth(1)).ToHaveTextAsync("strong");
            await Expect(page.Locator($"#graph [data-node='{identifier}']")).ToHaveCountAsync(1);
        }

        var month = customer.Months.First(m => m.Revenue > 0);
        var row = page.Locator($"#periods tr[data-period='{month.Month}'] td");
        await Expect(row.Nth(0)).ToHaveTextAsync(month.OrderCount.ToString("N0", CultureInfo.InvariantCulture));
        await Expect(row.Nth(1)).ToHaveTextAsync(month.Revenue.ToString("N2", CultureInfo.InvariantCulture));
        await Expect(page.Locator("#periods tbody tr")).ToHaveCountAsync(customer.Months.Count);

        // Printed, not asserted (timings are for benchmarks): the page's load and one customer shown after Enter.
        output.WriteLine($"page load {await page.EvaluateAsync<double>("performance.getEntriesByType('navigation')[0].duration"):N0} ms; customer shown {shown.TotalMilliseconds:N0} ms after Enter (search, profile, merges, orders, explain, periods)");
        await ConsoleDemo.ScreenshotAsync(page, "console-profile");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Searching_by_an_old_id_that_was_merged_away_finds_the_customer_it_resolves_to_now()
    {
        var (customer, oldId) = Pick();
        var (page, errors) = await demo.OpenAsync();
        await page.Locator("#q").FillAsync(oldId);
        await page.Locator("#q").PressAsync("Enter");

        await Expect(page.Locator("[data-field='Customer360 ID'] dd")).ToHaveTextAsync(customer.CustomerId, Patient);
        await Expect(page.Locator("#resolved")).ToContainTextAsync(oldId);
        await Expect(page.Locator($"#graph [data-node='{oldId}']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#merges")).ToContainTextAsync(oldId);

        // Other grains of the same customer: the year's revenue is the sum of its months in the ground truth.
        await page.Locator("input[name=grain][value=year]").CheckAsync();
        var year = customer.Months.First(m => m.Revenue > 0).Month[..4];
        var revenue = customer.Months.Where(m => m.Month.StartsWith(year, StringComparison.Ordinal)).Sum(m => m.Revenue);
        await Expect(page.Locator($"#periods tr[data-period='{year}'] td").Nth(1)).ToHaveTextAsync(revenue.ToString("N2", CultureInfo.InvariantCulture));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_pipeline_view_shows_every_stage_caught_up_and_the_count_with_its_audit()
    {
        var (page, errors) = await demo.OpenAsync();
        var stages = page.Locator("#stages li");
        await Expect(stages).ToHaveCountAsync(4, new() { Timeout = 60_000 });
        Assert.Equal(["ingest", "identity", "aggregator", "projection"], await stages.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.stage)"));
        foreach (var stage in new[] { "identity", "aggregator", "projection" })
        {
            await Expect(page.Locator($"#stages li[data-stage='{stage}'] .head span").Nth(1)).ToHaveTextAsync("caught up", Patient);
        }

        // Each consuming stage's dead letters, as the cluster holds them (ingest rejects instead: none shown).
        using (var consumer = new Confluent.Kafka.ConsumerBuilder<Confluent.Kafka.Ignore, Confluent.Kafka.Ignore>(
                   new Confluent.Kafka.ConsumerConfig { BootstrapServers = demo.Endpoints.KafkaBootstrap, GroupId = "console-test-dead-letters" }).Build())
        {
            foreach (var count in DeadLetterCounts.Read(consumer, ["identity", "aggregator", "projection"], TimeSpan.FromSeconds(30)))
            {
                await Expect(page.Locator($"#stages li[data-stage='{count.Stage}'] [data-dead-lettered]"))
                    .ToHaveTextAsync(new System.Text.RegularExpressions.Regex($@"^\s*· {count.Records.ToString("N0", CultureInfo.InvariantCulture)} dead-lettered$"));
            }
        }

        await Expect(page.Locator("#stages li[data-stage='ingest'] [data-dead-lettered]")).ToHaveCountAsync(0);

        var visible = demo.Truth.Customers.Count(c => c.VisibilityStatus == "visible");
        await Expect(page.Locator("#count")).ToHaveTextAsync(visible.ToString("N0", CultureInfo.InvariantCulture), Patient);
        await Expect(page.Locator("#audit tr[data-visibility='test'] td")).ToHaveTextAsync(
            demo.Truth.Customers.Count(c => c.VisibilityStatus == "test").ToString("N0", CultureInfo.InvariantCulture));
        await ConsoleDemo.ScreenshotAsync(page, "console-pipeline");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Explain_in_the_read_api_names_the_records_that_linked_each_customer_of_the_ground_truth()
    {
        var lines = new SampleLines(demo.SampleFolder);
        var linked = demo.Truth.Customers.Where(c => c.VisibilityStatus != "anonymous" && c.Identifiers.Count >= 2)
            .OrderBy(c => c.CustomerId, StringComparer.Ordinal).Take(30).ToList();
        Assert.True(linked.Count >= 10, $"only {linked.Count} customers with two or more strong identifiers");
        foreach (var customer in linked)
        {
            // Asked by another key than the ID: the read API resolves it as it does for every read.
            var (status, body) = await demo.ReadApiAsync($"/v1/customers/{Uri.EscapeDataString(customer.Identifiers[^1])}/explain");
            using var answer = body;
            Assert.Equal(HttpStatusCode.OK, status);
            var root = answer.RootElement;
            Assert.Equal(customer.CustomerId, root.GetProperty("customer_id").GetString());
            Assert.Equal(customer.Identifiers.Order(StringComparer.Ordinal), Strings(root.GetProperty("strong_identifiers")).Order(StringComparer.Ordinal));
            Assert.Equal(0, root.GetProperty("unexplained").GetArrayLength());
            var survivor = root.GetProperty("survivor").GetProperty("identifier").GetString()!;
            Assert.Equal(customer.CustomerId, Customer360Id.From(Identifier.Parse(survivor)).Value);
            Assert.Equal(customer.AcquisitionTs, root.GetProperty("survivor").GetProperty("acquisition_ts").GetDateTime().ToUniversalTime());

            // The chain: one record per identifier but the survivor's, each carrying the two identifiers it linked,
            // reaching exactly the identifiers the ground truth puts together.
            var reached = new HashSet<string>(StringComparer.Ordinal) { survivor };
            foreach (var (from, to, record) in Links(root.GetProperty("evidence")))
            {
                Assert.True(reached.Contains(from) && reached.Add(to), $"{customer.CustomerId}: chain step {from} — {to} out of order");
                Assert.True(lines.Links(record, from, to), $"{customer.CustomerId}: record {record} does not carry {from} and {to}: {lines.Line(record)}");
            }

            Assert.Equal(customer.Identifiers.Order(StringComparer.Ordinal), reached.Order(StringComparer.Ordinal));
            foreach (var (from, to, record) in Links(root.GetProperty("records")))
            {
                Assert.True(lines.Links(record, from, to), $"{customer.CustomerId}: record {record} does not carry {from} and {to}: {lines.Line(record)}");
            }
        }

        var (missing, problem) = await demo.ReadApiAsync("/v1/customers/crm%3Anobody-at-all/explain");
        using (problem)
        {
            Assert.Equal(HttpStatusCode.NotFound, missing);
            Assert.Contains("crm:nobody-at-all", problem.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_identity_graph_draws_an_edge_for_each_record_that_linked_the_customers_identifiers()
    {
        // The visible customer with the most strong identifiers that also has a device or cookie tied by a login.
        ExpectedCustomer? customer = null;
        foreach (var candidate in demo.Truth.Customers.Where(c => c.VisibilityStatus == "visible" && c.Identifiers.Count >= 3)
                     .OrderByDescending(c => c.Identifiers.Count).ThenBy(c => c.CustomerId, StringComparer.Ordinal))
        {
            var (_, explained) = await demo.ReadApiAsync($"/v1/customers/{candidate.CustomerId}/explain");
            using (explained)
            {
                if (explained.RootElement.GetProperty("weak_identifiers").EnumerateArray().Any(w => w.GetProperty("logged_in_as").ValueKind == JsonValueKind.String))
                {
                    customer = candidate;
                    break;
                }
            }
        }

        Assert.True(customer is not null, "no visible customer with three strong identifiers and a device or cookie tied by a login");
        var (page, errors) = await demo.OpenAsync();
        await Expect(page.Locator("#count")).Not.ToHaveTextAsync("–", new() { Timeout = 60_000 });
        await page.Locator("#q").FillAsync(customer.CustomerId);
        await page.Locator("#q").PressAsync("Enter");
        await Expect(page.Locator("[data-field='Customer360 ID'] dd")).ToHaveTextAsync(customer.CustomerId, Patient);

        var drawn = (await page.Locator("#graph path.edge[data-ref]").EvaluateAllAsync<string[][]>(
                "paths => paths.map(p => [p.dataset.from, p.dataset.to, p.dataset.ref, p.dataset.source, p.getAttribute('class'), p.getAttribute('stroke-dasharray'), p.querySelector('title').textContent])"))
            .Select(e => (From: e[0], To: e[1], Record: e[2], Source: e[3], Class: e[4], Dash: e[5], Title: e[6])).ToList();
        var lines = new SampleLines(demo.SampleFolder);
        var strong = customer.Identifiers.ToHashSet(StringComparer.Ordinal);
        var groups = customer.Identifiers.ToDictionary(i => i, i => i, StringComparer.Ordinal);
        string Root(string i) => groups[i] == i ? i : groups[i] = Root(groups[i]);
        foreach (var edge in drawn)
        {
            // Every edge is a record of the sample that carries both identifiers, titled with its source, position and time.
            Assert.True(lines.Links(edge.Record, edge.From, edge.To), $"edge {edge.From} — {edge.To}: record {edge.Record} does not carry both: {lines.Line(edge.Record)}");
            Assert.Contains(edge.Record, edge.Title, StringComparison.Ordinal);
            Assert.Contains(edge.Source, edge.Title, StringComparison.Ordinal);
            Assert.Matches(@" at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", edge.Title);
            if (strong.Contains(edge.From) && strong.Contains(edge.To))
            {
                Assert.Equal(("edge strong", "none"), (edge.Class, edge.Dash));
                groups[Root(edge.From)] = Root(edge.To);
            }
            else
            {
                // A login: one end is a device or cookie of the customer, drawn dashed.
                Assert.Contains([edge.From, edge.To], i => i.StartsWith("device:", StringComparison.Ordinal) || i.StartsWith("cookie:", StringComparison.Ordinal));
                Assert.Equal("edge weak", edge.Class);
                Assert.NotEqual("none", edge.Dash);
            }
        }

        // The strong edges join exactly the identifiers the ground truth says are this customer, into one; a login is drawn too.
        Assert.Single(customer.Identifiers.Select(Root).Distinct());
        Assert.Contains(drawn, e => e.Class == "edge weak");

        // What is drawn is what the read API's explanation lists, and the table beside the graph says the same.
        var (_, body) = await demo.ReadApiAsync($"/v1/customers/{customer.CustomerId}/explain");
        using (body)
        {
            Assert.Equal(
                Links(body.RootElement.GetProperty("records")).Select(r => $"{r.From}|{r.To}|{r.Record}").Order(StringComparer.Ordinal),
                drawn.Select(e => $"{e.From}|{e.To}|{e.Record}").Order(StringComparer.Ordinal));
        }

        await Expect(page.Locator("#links tbody tr[data-from]")).ToHaveCountAsync(drawn.Count);
        await Expect(page.Locator("#graph text.edge-label")).ToHaveCountAsync(drawn.Count);
        await ConsoleDemo.ScreenshotAsync(page, "console-graph", page.Locator("section[aria-labelledby='graph-title']"));
        Assert.Empty(errors);
    }

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);

    private static IEnumerable<(string From, string To, string? Record)> Links(JsonElement array) => array.EnumerateArray().Select(e =>
        (e.GetProperty("from").GetString()!, e.GetProperty("to").GetString()!, e.GetProperty("source_ref").GetString()));

    // A visible customer with an order, an e-mail address and a strong identifier whose derived Customer360 ID is
    // not the customer's own: the ID it had before the merge that made it part of this customer.
    private (ExpectedCustomer Customer, string OldId) Pick()
    {
        foreach (var customer in demo.Truth.Customers.Where(c => c.VisibilityStatus == "visible" && c.Months.Any(m => m.Revenue > 0)
                     && c.Identifiers.Any(i => i.StartsWith("email:", StringComparison.Ordinal))))
        {
            foreach (var identifier in customer.Identifiers)
            {
                var derived = Customer360Id.From(Identifier.Parse(identifier)).Value;
                if (derived != customer.CustomerId)
                {
                    return (customer, derived);
                }
            }
        }

        throw new InvalidOperationException("The sample holds no visible customer with an e-mail address, an order and a merged-away ID.");
    }
}
