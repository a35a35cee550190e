using System.Globalization;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Generation;
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
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("[data-field='Customer360 ID'] dd")).ToHaveTextAsync(customer.CustomerId, Patient);
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
        output.WriteLine($"page load {await page.EvaluateAsync<double>("performance.getEntriesByType('navigation')[0].duration"):N0} ms");
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

        var visible = demo.Truth.Customers.Count(c => c.VisibilityStatus == "visible");
        await Expect(page.Locator("#count")).ToHaveTextAsync(visible.ToString("N0", CultureInfo.InvariantCulture), Patient);
        await Expect(page.Locator("#audit tr[data-visibility='test'] td")).ToHaveTextAsync(
            demo.Truth.Customers.Count(c => c.VisibilityStatus == "test").ToString("N0", CultureInfo.InvariantCulture));
        await ConsoleDemo.ScreenshotAsync(page, "console-pipeline");
        Assert.Empty(errors);
    }

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
