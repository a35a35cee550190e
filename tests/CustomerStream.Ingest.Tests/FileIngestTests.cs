using System.Text;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Publishing;
using CustomerStream.Ingest.Reading;

namespace CustomerStream.Ingest.Tests;

public sealed class FileIngestTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ingest-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(IngestEntity.Customers, "customers_test.csv")]
    [InlineData(IngestEntity.Orders, "orders_test.csv")]
    [InlineData(IngestEntity.WebEvents, "web_events_test.ndjson")]
    public async Task A_file_becomes_one_event_per_good_row_and_one_rejection_per_bad_row(IngestEntity entity, string fileName)
    {
        var cases = BadInputCorpus.All.Where(c => c.Entity == entity).ToList();
        var path = WriteCorpusFile(entity, fileName, cases);
        var expectedGood = cases.Count(c => c.ExpectedReason is null);
        var expectedBad = cases.Where(c => c.ExpectedReason is not null).Select(c => c.ExpectedReason!).ToList();
        using var cluster = new IngestCluster();

        var tally = await cluster.Files.IngestAsync(entity, path);

        Assert.Equal(cases.Count, tally.Records);
        Assert.Equal(expectedGood, tally.Accepted);
        Assert.Equal(expectedBad.Count, tally.Rejected);
        var rejections = cluster.ReadAll<RejectedRecord>(Topics.IngestRejected);
        Assert.Equal(expectedBad.Order(StringComparer.Ordinal), rejections.Select(r => r.Value.ReasonCode).Order(StringComparer.Ordinal));
        Assert.All(rejections, r => Assert.Equal(r.Value.InputRef, r.Key));
        Assert.All(rejections, r => Assert.StartsWith($"{fileName}:", r.Value.InputRef));
        Assert.All(rejections, r => Assert.Equal(entity.EntityName(), r.Value.Entity));
        var accepted = entity switch
        {
            IngestEntity.Customers => cluster.ReadAll<CustomerRecord>(Topics.IngestCustomers).Select(p => (p.Key, Expected: $"{p.Value.SourceSystem}:{p.Value.SourceCustomerId}", p.TraceParent)).ToList(),
            IngestEntity.Orders => cluster.ReadAll<OrderRecord>(Topics.IngestOrders).Select(p => (p.Key, Expected: $"{p.Value.SourceSystem}:{p.Value.OrderId}", p.TraceParent)).ToList(),
            _ => cluster.ReadAll<WebEvent>(Topics.IngestWebEvents).Select(p => (p.Key, Expected: p.Value.EventId, p.TraceParent)).ToList(),
        };
        Assert.Equal(expectedGood, accepted.Count);
        Assert.All(accepted, a => Assert.Equal(a.Expected, a.Key));
        var traceParents = accepted.Select(a => a.TraceParent).Concat(rejections.Select(r => r.TraceParent)).ToList();
        Assert.All(traceParents, tp => Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", tp));
        Assert.Single(traceParents.Select(tp => tp!.Split('-')[1]).Distinct());
    }

    [Fact]
    public async Task Rejected_records_are_countable_per_reason_code_from_the_topic()
    {
        var lines = new StringBuilder(BadInputCorpus.OrderHeader + "\n");
        for (var i = 0; i < 30; i++)
        {
            var amount = i % 3 == 0 ? "NaN" : "10.00";
            var status = i % 5 == 0 ? "shipped" : "approved";
            lines.Append($"shop,o-{i},u-{i},,2024-03-05T10:00:00Z,,{status},{amount},EUR,,,,\n");
        }

        var path = Path.Combine(_folder, "orders_counted.csv");
        await File.WriteAllTextAsync(path, lines.ToString());
        using var cluster = new IngestCluster();

        var tally = await cluster.Files.IngestAsync(IngestEntity.Orders, path);

        // status is checked before amount, so i % 5 == 0 counts as unknown_status even when the amount is NaN too.
        var perReason = cluster.ReadAll<RejectedRecord>(Topics.IngestRejected)
            .GroupBy(r => r.Value.ReasonCode)
            .ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(new Dictionary<string, long> { [ReasonCodes.UnknownStatus] = 6, [ReasonCodes.BadAmount] = 8 }, perReason);
        Assert.Equal(perReason, tally.RejectedByReason);
        Assert.Equal(16, tally.Accepted);
    }

    [Fact]
    public async Task The_same_order_versions_land_in_one_partition_in_file_order()
    {
        var lines = new StringBuilder(BadInputCorpus.OrderHeader + "\n");
        for (var version = 1; version <= 20; version++)
        {
            foreach (var order in new[] { "a", "b", "c", "d" })
            {
                lines.Append($"shop,o-{order},u-1,,2024-03-05T10:00:00Z,2024-03-05T10:{version:00}:00Z,pending,{version}.00,EUR,,,,\n");
            }
        }

        var path = Path.Combine(_folder, "orders_versions.csv");
        await File.WriteAllTextAsync(path, lines.ToString());
        using var cluster = new IngestCluster(new IngestOptions { MaxInFlight = 3 });

        await cluster.Files.IngestAsync(IngestEntity.Orders, path);

        var published = cluster.ReadAll<OrderRecord>(Topics.IngestOrders);
        Assert.Equal(80, published.Count);
        foreach (var order in published.GroupBy(p => p.Key))
        {
            Assert.Single(order.Select(p => p.Partition).Distinct());
            Assert.Equal(Enumerable.Range(1, 20).Select(v => (decimal)v), order.Select(p => p.Value.Amount));
        }
    }

    [Fact]
    public async Task The_source_option_names_the_source_of_a_file_without_a_source_system_column()
    {
        var path = Path.Combine(_folder, "customers_plain.csv");
        await File.WriteAllTextAsync(path, "source_customer_id,email,created_at,status\n123,ann@example.com,01/10/2023,active\n");
        using var cluster = new IngestCluster();

        var tally = await cluster.Files.IngestAsync(IngestEntity.Customers, path, sourceSystem: "crm");

        Assert.Equal(1, tally.Accepted);
        var customer = Assert.Single(cluster.ReadAll<CustomerRecord>(Topics.IngestCustomers));
        Assert.Equal("crm:123", customer.Key);
        Assert.Equal(new DateTime(2023, 1, 10, 5, 0, 0, DateTimeKind.Utc), customer.Value.CreatedAt);
        Assert.Equal("customers_plain.csv:2", customer.Value.SourceRef);
    }

    [Fact]
    public async Task A_file_of_another_kind_is_refused_before_anything_is_published()
    {
        var path = Path.Combine(_folder, "customers.csv");
        await File.WriteAllTextAsync(path, BadInputCorpus.CustomerHeader + "\n" + BadInputCorpus.GoodCustomer + "\n");
        using var cluster = new IngestCluster();

        var e = await Assert.ThrowsAsync<InputFormatException>(() => cluster.Files.IngestAsync(IngestEntity.Orders, path));

        Assert.Contains("is not a orders file", e.Message);
        Assert.Contains("order_id", e.Message);
        Assert.Empty(cluster.ReadAll<RejectedRecord>(Topics.IngestRejected));
    }

    [Fact]
    public async Task Progress_is_reported_while_a_file_streams_and_the_final_tally_counts_every_row()
    {
        var path = Path.Combine(_folder, "web_events_many.ndjson");
        await using (var writer = new StreamWriter(path))
        {
            for (var i = 0; i < 20_000; i++)
            {
                await writer.WriteLineAsync(i % 1000 == 7 ? "not json" : $$"""{"event_id":"e-{{i}}","ts":{{1709649000 + i}},"type":"page_view","device_id":"d-{{i % 97}}"}""");
            }
        }

        using var cluster = new IngestCluster(new IngestOptions { ProgressInterval = TimeSpan.Zero, MaxInFlight = 1_000 });
        var reports = new List<IngestTally>();

        var tally = await cluster.Files.IngestAsync(IngestEntity.WebEvents, path, progress: reports.Add);

        Assert.NotEmpty(reports);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Records <= p.Second.Records));
        Assert.Equal(20_000, tally.Records);
        Assert.Equal(20, tally.Rejected);
        Assert.Equal(new FileInfo(path).Length, tally.BytesRead);
        Assert.Equal(19_980, cluster.ReadAll<WebEvent>(Topics.IngestWebEvents).Count);
    }

    [Fact]
    public async Task An_unreachable_cluster_fails_the_run_instead_of_reporting_success()
    {
        var path = WriteCorpusFile(IngestEntity.Orders, "orders_lost.csv", BadInputCorpus.All.Where(c => c.Entity == IngestEntity.Orders).ToList());
        using var cluster = new IngestCluster(new IngestOptions { DeliveryTimeoutMs = 1_500 }, bootstrapOverride: "127.0.0.1:1");

        await Assert.ThrowsAsync<IngestPublishException>(() => cluster.Files.IngestAsync(IngestEntity.Orders, path));
    }

    private string WriteCorpusFile(IngestEntity entity, string fileName, IReadOnlyList<CorpusCase> cases)
    {
        var path = Path.Combine(_folder, fileName);
        using var file = File.Create(path);
        if (entity != IngestEntity.WebEvents)
        {
            file.Write(Encoding.UTF8.GetBytes(BadInputCorpus.Header(entity) + "\n"));
        }

        foreach (var c in cases)
        {
            file.Write(c.Row);
            file.WriteByte((byte)'\n');
        }

        return path;
    }
}
