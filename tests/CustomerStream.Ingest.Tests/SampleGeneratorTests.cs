using System.Security.Cryptography;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Generation;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Reading;

namespace CustomerStream.Ingest.Tests;

/// <summary>One generated sample shared by the tests of <see cref="SampleGeneratorTests"/>.</summary>
public sealed class GeneratedSampleFixture : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("sample-").FullName;

    public GeneratedSample Sample { get; private set; } = null!;

    public GroundTruth Truth { get; private set; } = null!;

    /// <summary>Every record of every file as ingest normalizes it (with the sample's source configuration).</summary>
    public List<(string File, Harness.Outcome Outcome)> Outcomes { get; } = [];

    public async Task InitializeAsync()
    {
        Sample = await new SampleGenerator().GenerateAsync(new GeneratorOptions { Customers = 600, Months = 12, Seed = 7 }, Folder);
        Truth = await GroundTruth.LoadAsync(Sample.GroundTruthPath);
        var pipeline = new IngestPipeline(new SourceProfiles(SampleGenerator.SourceConfiguration), InputLimits.Default);
        foreach (var file in Sample.Files)
        {
            IngestEntityExtensions.TryParseEntity(file.Entity, out var entity);
            var path = Path.Combine(Folder, file.Name);
            using IRowReader reader = entity == IngestEntity.WebEvents
                ? new NdjsonRowReader(File.OpenRead(path), FieldSet.For(entity), file.Name)
                : new CsvRowReader(File.OpenRead(path), FieldSet.For(entity), file.Name);
            while (await reader.ReadAsync(CancellationToken.None) is { } row)
            {
                Outcomes.Add((file.Name, entity switch
                {
                    IngestEntity.Customers => Wrap(pipeline.Customers.Process(row, Harness.Now, null), row),
                    IngestEntity.Orders => Wrap(pipeline.Orders.Process(row, Harness.Now, null), row),
                    _ => Wrap(pipeline.WebEvents.Process(row, Harness.Now, null), row),
                }));
            }
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    private static Harness.Outcome Wrap<T>(IngestOutcome<T> outcome, SourceRow row)
        where T : class => new(row.InputRef, outcome.Record, outcome.Key, outcome.Rejected);
}

public sealed class SampleGeneratorTests(GeneratedSampleFixture fixture) : IClassFixture<GeneratedSampleFixture>
{
    [Fact]
    public void The_sample_has_every_file_and_a_ground_truth()
    {
        Assert.Equal(
            ["customers_crm.csv", "customers_shop.csv", "orders_crm.csv", "orders_shop.csv", "web_events_app.ndjson", "web_events_site.ndjson"],
            fixture.Sample.Files.Select(f => f.Name).Order());
        Assert.All(fixture.Sample.Files, f => Assert.True(f.Records > 0, f.Name));
        Assert.True(File.Exists(Path.Combine(fixture.Folder, SampleGenerator.SourcesFileName)));
        Assert.Equal(600, fixture.Truth.Generator.Customers);
        Assert.Equal("2025-01", fixture.Truth.Generator.FirstMonth);
        Assert.Equal("2025-12", fixture.Truth.Generator.LastMonth);
    }

    [Fact]
    public void Ingest_rejects_exactly_the_lines_the_ground_truth_lists_with_their_reasons()
    {
        var rejected = fixture.Outcomes.Where(o => o.Outcome.Rejected is not null)
            .Select(o => (o.Outcome.InputRef, o.Outcome.ReasonCode!))
            .Order()
            .ToList();
        var expected = fixture.Truth.Rejected.Select(r => (r.InputRef, r.ReasonCode)).Order().ToList();

        Assert.Equal(expected, rejected);
        Assert.True(ReasonCodes.All.Except([ReasonCodes.BadNumber]).Count(code => expected.Any(e => e.Item2 == code)) >= 15);
    }

    [Fact]
    public void Every_line_becomes_exactly_one_record_or_one_rejection()
    {
        Assert.Equal(fixture.Sample.Files.Sum(f => f.Records), fixture.Outcomes.Count);
        Assert.All(fixture.Outcomes, o => Assert.True(o.Outcome.Record is not null ^ o.Outcome.Rejected is not null));
    }

    [Fact]
    public void About_fifteen_percent_of_the_rows_are_exact_resends()
    {
        var records = fixture.Sample.Files.Sum(f => f.Records);
        var duplicates = fixture.Sample.Files.Sum(f => f.Duplicates);
        var share = (double)duplicates / records;
        Assert.InRange(share, 0.10, 0.20);

        // An exact re-send normalizes to the same record hash.
        var hashes = fixture.Outcomes.Select(o => o.Outcome.Record switch
        {
            CustomerRecord c => c.RecordHash,
            OrderRecord o2 => o2.RecordHash,
            WebEvent e => e.RecordHash,
            _ => null,
        }).Where(h => h is not null).ToList();
        Assert.True(hashes.Count - hashes.Distinct().Count() >= duplicates * 0.9);
    }

    [Fact]
    public void Monthly_revenue_from_the_normalized_orders_equals_the_ground_truth()
    {
        // Independent of stitching: the current version of every order, by the month of its order_ts.
        var current = fixture.Outcomes.Select(o => o.Outcome.Record).OfType<OrderRecord>()
            .GroupBy(o => (o.SourceSystem, o.OrderId))
            .Select(g => g.OrderBy(o => o.UpdatedAt).ThenBy(o => o.RecordHash, StringComparer.Ordinal).Last())
            .ToList();
        var fromOrders = current.GroupBy(o => $"{o.OrderTs:yyyy-MM}")
            .Select(g => (g.Key, Revenue: g.Where(o => o.Status == OrderStatus.APPROVED).Sum(o => o.Amount), Orders: g.Count(o => o.Status == OrderStatus.APPROVED),
                Refunded: g.Where(o => o.Status == OrderStatus.REFUNDED).Sum(o => o.Amount)))
            .Where(m => m.Orders > 0 || m.Refunded > 0)
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .ToList();
        var fromTruth = fixture.Truth.Customers.SelectMany(c => c.Months)
            .GroupBy(m => m.Month)
            .Select(g => (g.Key, Revenue: g.Sum(m => m.Revenue), Orders: g.Sum(m => m.OrderCount), Refunded: g.Sum(m => m.RefundedAmount)))
            .Where(m => m.Orders > 0 || m.Refunded > 0)
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(fromOrders, fromTruth);
        Assert.Contains(current, o => o.Status == OrderStatus.REFUNDED);
        Assert.Equal(fixture.Truth.Totals.Revenue, fromTruth.Sum(m => m.Revenue));
    }

    [Fact]
    public void Monthly_page_views_from_the_normalized_events_equal_the_ground_truth()
    {
        var fromEvents = fixture.Outcomes.Select(o => o.Outcome.Record).OfType<WebEvent>()
            .DistinctBy(e => e.EventId)
            .Where(e => e.Type == "page_view")
            .GroupBy(e => $"{e.Ts:yyyy-MM}")
            .ToDictionary(g => g.Key, g => g.Count());
        var fromTruth = fixture.Truth.Customers.Concat(fixture.Truth.AnonymousProfiles).SelectMany(c => c.Months)
            .Where(m => m.PageViews > 0)
            .GroupBy(m => m.Month)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.PageViews));

        Assert.Equal(fromEvents.OrderBy(p => p.Key), fromTruth.OrderBy(p => p.Key));
    }

    [Fact]
    public void Every_strong_identifier_in_the_records_belongs_to_exactly_one_expected_customer()
    {
        var owners = fixture.Truth.Customers.SelectMany(c => c.Identifiers.Select(i => (Identifier: i, c.CustomerId))).ToList();
        Assert.Equal(owners.Count, owners.Select(o => o.Identifier).Distinct().Count());
        var known = owners.Select(o => o.Identifier).ToHashSet();
        foreach (var record in fixture.Outcomes.Select(o => o.Outcome.Record))
        {
            switch (record)
            {
                case CustomerRecord c:
                    Assert.Contains($"{c.SourceSystem}:{c.SourceCustomerId}", known);
                    Assert.True(c.Email is null || known.Contains($"email:{c.Email}"));
                    break;
                case OrderRecord o:
                    Assert.True(o.SourceCustomerId is null || known.Contains($"{o.SourceSystem}:{o.SourceCustomerId}"));
                    Assert.True(o.CustomerEmail is null || known.Contains($"email:{o.CustomerEmail}"));
                    break;
                case WebEvent e:
                    Assert.True(e.UserId is null || known.Contains($"{e.UserSource}:{e.UserId}"));
                    break;
            }
        }
    }

    [Fact]
    public void A_malformed_email_shared_by_two_people_links_nothing()
    {
        var shared = fixture.Outcomes.Select(o => o.Outcome.Record).OfType<CustomerRecord>()
            .Where(c => !c.EmailValid && c.EmailRaw is not null)
            .GroupBy(c => c.EmailRaw!.Trim())
            .Select(g => g.Select(c => $"{c.SourceSystem}:{c.SourceCustomerId}").Distinct().ToList())
            .Where(ids => ids.Count > 1)
            .ToList();
        var customerOf = fixture.Truth.Customers.SelectMany(c => c.Identifiers.Select(i => (i, c.CustomerId))).ToDictionary(p => p.i, p => p.CustomerId);

        Assert.NotEmpty(shared);
        Assert.All(shared, ids => Assert.Equal(ids.Count, ids.Select(id => customerOf[id]).Distinct().Count()));
    }

    [Fact]
    public void The_truth_has_every_visibility_anonymous_profiles_and_customers_acquired_by_each_source()
    {
        var totals = fixture.Truth.Totals;
        Assert.True(totals.Visible > 500);
        Assert.True(totals.Test > 0);
        Assert.True(totals.Deleted > 0);
        Assert.True(totals.AnonymousProfiles > 0);
        Assert.Equal(totals.Visible + totals.Test + totals.Deleted, fixture.Truth.Customers.Count);
        Assert.Equal(["crm", "shop"], fixture.Truth.Customers.Select(c => c.AcquisitionSource).OfType<string>().Distinct().Order());
        Assert.All(fixture.Truth.Customers, c => Assert.True(Contracts.Primitives.Customer360Id.IsWellFormed(c.CustomerId)));
        Assert.All(fixture.Truth.AnonymousProfiles, p => Assert.All(p.Identifiers, i => Assert.Matches("^(device|cookie):", i)));
    }

    [Fact]
    public void The_sources_write_mixed_date_formats()
    {
        var crm = File.ReadAllText(Path.Combine(fixture.Folder, "customers_crm.csv"));
        var shop = File.ReadAllText(Path.Combine(fixture.Folder, "customers_shop.csv"));
        var orders = File.ReadAllText(Path.Combine(fixture.Folder, "orders_shop.csv"));
        var web = File.ReadAllText(Path.Combine(fixture.Folder, "web_events_site.ndjson"));

        Assert.Matches(@",\d{2}/\d{2}/\d{4},", crm);
        Assert.Matches(@" (AM|PM),", crm);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2},", crm);
        Assert.Matches(@",\d{2}\.\d{2}\.\d{4},", shop);
        Assert.Matches(@"T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2},", orders);
        Assert.Matches("\"ts\":\\d{13},", web);
        Assert.Matches("\"ts\":\\d{10},", web);
        Assert.Matches(@"(?m)^""?[^,\n]*\n", crm.Replace("\r", "", StringComparison.Ordinal)); // multi-line quoted notes
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_files_and_another_seed_other_files()
    {
        var again = Directory.CreateTempSubdirectory("sample-again-").FullName;
        var other = Directory.CreateTempSubdirectory("sample-other-").FullName;
        try
        {
            await new SampleGenerator().GenerateAsync(new GeneratorOptions { Customers = 600, Months = 12, Seed = 7 }, again);
            await new SampleGenerator().GenerateAsync(new GeneratorOptions { Customers = 600, Months = 12, Seed = 8 }, other);

            foreach (var file in fixture.Sample.Files.Select(f => f.Name).Append(GroundTruth.FileName))
            {
                Assert.Equal(Hash(Path.Combine(fixture.Folder, file)), Hash(Path.Combine(again, file)));
                Assert.NotEqual(Hash(Path.Combine(fixture.Folder, file)), Hash(Path.Combine(other, file)));
            }
        }
        finally
        {
            Directory.Delete(again, recursive: true);
            Directory.Delete(other, recursive: true);
        }

        static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public async Task Bad_options_are_refused_with_the_option_named()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => new SampleGenerator().GenerateAsync(new GeneratorOptions { Customers = 0, Months = 200 }, fixture.Folder));
        Assert.Contains("--customers", e.Message);
        Assert.Contains("--months", e.Message);
    }
}
