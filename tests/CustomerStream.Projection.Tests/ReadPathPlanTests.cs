using System.Text.Json;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Contracts.Customer;
using CustomerStream.Projection.Queries;
using CustomerStream.Projection.Writing;
using static CustomerStream.Projection.Tests.Changes;

namespace CustomerStream.Projection.Tests;

/// <summary>
/// Every read that concerns one customer touches that customer only, and the count audit touches no customer
/// at all, whatever the population: each test runs the read under <c>EXPLAIN (ANALYZE, BUFFERS)</c> over
/// 4,000 customers with 12 months each and fails when its plan reads more than a small fixed number of
/// buffers or looks at more than a small fixed number of rows. A plan that scans everybody reads thousands of
/// rows and hundreds of buffers here, and fails at any population size. Nothing is timed.
/// </summary>
public sealed class ReadPathPlanTests(ReadPathPlanTests.Population fixture) : IClassFixture<ReadPathPlanTests.Population>
{
    // One customer's rows: 12 months, 4 quarters, a year, 12 orders, its links; a plan probing a few indexes
    // for them stays far below these; a scan of any table of 4,000 customers does not.
    private const int MaxBuffers = 120;
    private const int MaxRows = 120;

    public static TheoryData<string, string> OneCustomerReads => new()
    {
        { "profile by Customer360 ID", "SELECT * FROM mart.customer_profile WHERE customer_id = $1" },
        // customer_profile.email depends on the reader (in clear or pseudonymized): a lookup by e-mail goes through the links.
        { "profile by e-mail", "SELECT p.* FROM mart.identity_links l JOIN mart.customer_profile p ON p.customer_id = l.customer_id WHERE l.identifier = 'email:' || lower($2)" },
        { "profile by identifier", "SELECT p.* FROM mart.identity_links l JOIN mart.customer_profile p ON p.customer_id = l.customer_id WHERE l.identifier = $3" },
        { "profile by an old merged-away ID", "SELECT p.* FROM mart.customer_aliases a JOIN mart.customer_profile p ON p.customer_id = a.resolved_id WHERE a.merged_id = $4" },
        { "months", "SELECT * FROM mart.customer_month WHERE customer_id = $1 ORDER BY period_start" },
        { "quarters", "SELECT * FROM mart.customer_quarter WHERE customer_id = $1 ORDER BY period_start" },
        { "years", "SELECT * FROM mart.customer_year WHERE customer_id = $1 ORDER BY period_start" },
        { "business-unit periods", "SELECT * FROM mart.customer_period_unit WHERE customer_id = $1" },
        { "month-over-month", "SELECT * FROM mart.metric_mom_spend_change WHERE customer_id = $1 ORDER BY month" },
        { "orders", "SELECT * FROM mart.orders WHERE customer_id = $1" },
        { "RFM", "SELECT * FROM mart.customer_rfm WHERE customer_id = $1" },
        { "lifetime value", "SELECT * FROM mart.metric_customer_ltv WHERE customer_id = $1" },
        { "transaction values", "SELECT * FROM mart.metric_avg_transaction_value WHERE customer_id = $1" },
        { "identifiers", "SELECT * FROM mart.identity_links WHERE customer_id = $1" },
        { "count audit", "SELECT * FROM mart.customer_count_audit WHERE $1::text IS NOT NULL" },
        // What the console's read API runs (CustomerReads).
        { "api: profile", CustomerReadSql.Profile },
        { "api: identifiers", CustomerReadSql.Identifiers },
        { "api: months", CustomerReadSql.Months },
        { "api: quarters", CustomerReadSql.Quarters },
        { "api: years", CustomerReadSql.Years },
        { "api: orders", CustomerReadSql.Orders },
        { "api: aliases", CustomerReadSql.Aliases },
        { "api: merges", CustomerReadSql.Merges },
        { "api: count audit", CustomerReadSql.CountAudit },
        // What explain (the CLI and GET /v1/customers/{key}/explain) runs besides merges and aliases.
        { "api: explain subject", CustomerReadSql.ExplainSubject },
        { "api: explain links", CustomerReadSql.ExplainLinks },
        { "api: explain evidence", CustomerReadSql.Evidence },
    };

    // Prefixes that over 1,111 of the 4,000 customers share (person2, person20..29, person200..299, person2000..2999):
    // a plan that reads them all and sorts fails; one that reads the index in order stops after the first page.
    // A page of SearchLimit (20) profiles, each a few index probes (about 6 buffers): a plan that reads the 1,111
    // customers with the prefix costs thousands.
    private const int SearchMaxBuffers = 240;

    public static TheoryData<string, string, string> Searches => new()
    {
        { "api: search by e-mail prefix", CustomerReadSql.SearchByEmail, "person2" },
        { "api: search by name prefix", CustomerReadSql.SearchByName, "lee2" },
    };

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task A_search_reads_one_page_of_customers(string read, string sql, string prefix)
    {
        var rows = await fixture.Database.QueryAsync("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, prefix, CustomerReadSql.PrefixUpperBound(prefix));
        var plan = JsonDocument.Parse((string)rows[0][0]!).RootElement[0].GetProperty("Plan");
        Assert.True(Buffers(plan) <= SearchMaxBuffers, $"{read}: the plan read {Buffers(plan)} buffers (at most {SearchMaxBuffers})\n{rows[0][0]}");
        Assert.True(RowsLookedAt(plan) <= MaxRows, $"{read}: the plan looked at {RowsLookedAt(plan)} rows (at most {MaxRows})\n{rows[0][0]}");
        var found = await fixture.Database.QueryAsync(sql, prefix, CustomerReadSql.PrefixUpperBound(prefix));
        Assert.Equal(CustomerReadSql.SearchLimit, found.Count);
        Assert.All(found, f => Assert.StartsWith("person2", (string)f[1]!, StringComparison.Ordinal));
    }

    /// <summary>
    /// The same reads as <c>customerstream_bi</c>, which reads e-mail addresses pseudonymized: it finds a customer by
    /// the pseudonymized e-mail identifier (<c>$5</c>) instead of the address.
    /// </summary>
    public static TheoryData<string, string> OneCustomerReadsAsBi()
    {
        var reads = new TheoryData<string, string>();
        // The console's API reads (api: …) run as the projection's own role and read its private schema; BI does not.
        foreach (var read in OneCustomerReads.Where(r => (string)r[0] != "profile by e-mail" && !((string)r[0]).StartsWith("api: ", StringComparison.Ordinal)))
        {
            reads.Add((string)read[0], (string)read[1]);
        }

        reads.Add("profile by e-mail pseudonym", "SELECT p.* FROM mart.identity_links l JOIN mart.customer_profile p ON p.customer_id = l.customer_id WHERE l.identifier = $5");
        return reads;
    }

    [Theory]
    [MemberData(nameof(OneCustomerReads))]
    public async Task A_read_of_one_customer_touches_one_customer(string read, string sql)
    {
        var target = fixture.Target;
        object[] arguments = sql.Contains('$', StringComparison.Ordinal) ? [target.Id, target.Email, target.Identifier, target.MergedId] : [];
        var rows = await fixture.Database.QueryAsync("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, arguments);
        AssertTouchesOneCustomer(read, (string)rows[0][0]!);
    }

    [Theory]
    [MemberData(nameof(OneCustomerReadsAsBi))]
    public async Task A_read_of_one_customer_as_customerstream_bi_touches_one_customer_and_finds_it(string read, string sql)
    {
        var target = fixture.Target;
        var pseudonym = "email:" + Storage.PseudonymKey.FromSecret(MartDatabase.PseudonymSecret).Pseudonymize(target.Email.ToLowerInvariant());
        await using var bi = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString)
        {
            Username = Storage.ProjectionTables.BiRole, Password = fixture.Database.Options.BiRolePassword, Pooling = false,
        }.ConnectionString);
        await bi.OpenAsync();
        object[] arguments = sql.Contains('$', StringComparison.Ordinal) ? [target.Id, target.Email, target.Identifier, target.MergedId, pseudonym] : [];
        await using (var explain = new Npgsql.NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, bi))
        {
            explain.Parameters.AddRange(arguments.Select(a => new Npgsql.NpgsqlParameter { Value = a }).ToArray());
            AssertTouchesOneCustomer(read, (string)(await explain.ExecuteScalarAsync())!);
        }

        if (sql.StartsWith("SELECT p.*", StringComparison.Ordinal) || sql.Contains("customer_profile WHERE", StringComparison.Ordinal))
        {
            await using var find = new Npgsql.NpgsqlCommand($"SELECT customer_id FROM ({sql}) x", bi);
            find.Parameters.AddRange(arguments.Select(a => new Npgsql.NpgsqlParameter { Value = a }).ToArray());
            Assert.Equal(target.Id, await find.ExecuteScalarAsync());
        }
    }

    private static void AssertTouchesOneCustomer(string read, string json)
    {
        var plan = JsonDocument.Parse(json).RootElement[0].GetProperty("Plan");
        var buffers = Buffers(plan);
        var looked = RowsLookedAt(plan);
        Assert.True(buffers <= MaxBuffers, $"{read}: the plan read {buffers} buffers (at most {MaxBuffers})\n{json}");
        Assert.True(looked <= MaxRows, $"{read}: the plan looked at {looked} rows (at most {MaxRows})\n{json}");
    }

    [Fact]
    public async Task The_reads_find_the_customer_they_ask_for()
    {
        var target = fixture.Target;
        foreach (var (_, sql) in OneCustomerReads.Select(r => ((string)r[0], (string)r[1])).Where(r => r.Item2.StartsWith("SELECT p.*", StringComparison.Ordinal) || r.Item2.Contains("customer_profile WHERE", StringComparison.Ordinal)))
        {
            var found = await fixture.Database.QueryAsync($"SELECT customer_id FROM ({sql}) x", target.Id, target.Email, target.Identifier, target.MergedId);
            Assert.Equal(target.Id, (string)Assert.Single(found)[0]!);
        }

        Assert.Equal(12L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM mart.customer_month WHERE customer_id = $1", target.Id));
        Assert.Equal(target.MergedId, (string)Assert.Single(await fixture.Database.QueryAsync(CustomerReadSql.Merges, target.Id))[0]!);
        // The two records that linked the crm and shop identifiers to the e-mail, each found from both of its ends.
        Assert.Equal(
            new[] { $"{target.Identifier}>email:{target.Email.ToLowerInvariant()}", $"shop:old-{target.Identifier[5..]}>email:{target.Email.ToLowerInvariant()}" },
            (await fixture.Database.QueryAsync(CustomerReadSql.Evidence, target.Id)).Select(r => $"{r[0]}>{r[1]}").Distinct().Order(StringComparer.Ordinal));
        // Every strong identifier but the e-mail (whose ID the customer has) derives an ID that resolves to it.
        Assert.Equal(
            new[] { Customer360Id.From(Identifier.Parse(target.Identifier)).Value, target.MergedId }.Order(StringComparer.Ordinal),
            (await fixture.Database.QueryAsync(CustomerReadSql.Aliases, target.Id)).Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
    }

    // Shared buffers hit or read by the whole plan (a node's counts include its children's).
    private static long Buffers(JsonElement plan) => plan.GetProperty("Shared Hit Blocks").GetInt64() + plan.GetProperty("Shared Read Blocks").GetInt64();

    // Rows each node produced over all its loops, plus rows it read and threw away: the work a scan of everybody shows.
    private static long RowsLookedAt(JsonElement node)
    {
        var loops = node.TryGetProperty("Actual Loops", out var l) ? l.GetInt64() : 1;
        var own = (long)node.GetProperty("Actual Rows").GetDouble() * Math.Max(loops, 1);
        foreach (var removed in new[] { "Rows Removed by Filter", "Rows Removed by Join Filter", "Rows Removed by Index Recheck" })
        {
            if (node.TryGetProperty(removed, out var r))
            {
                own += (long)r.GetDouble() * Math.Max(loops, 1);
            }
        }

        var children = node.TryGetProperty("Plans", out var plans) ? plans.EnumerateArray().Select(RowsLookedAt).DefaultIfEmpty(0).Max() : 0;
        return Math.Max(own, children);
    }

    /// <summary>The customer the reads look for, by each of its keys.</summary>
    public sealed record TargetCustomer(string Id, string Email, string Identifier, string MergedId);

    /// <summary>4,000 customers written through the projection's writer, with statistics and a global refresh.</summary>
    public sealed class Population : IAsyncLifetime
    {
        private const int Customers = 4_000;

        public MartDatabase Database { get; } = new();

        public TargetCustomer Target { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Database.InitializeAsync();
            var random = new Random(5);
            for (var first = 0; first < Customers; first += 500)
            {
                var batch = new ProjectionBatch();
                for (var i = first; i < first + 500; i++)
                {
                    var (change, links) = Customer(i, random);
                    batch.Changes.Add(change);
                    batch.Links.AddRange(links);
                    batch.Merges.Add(Merge(i));
                }

                await Database.Writer.ApplyAsync(batch, CancellationToken.None);
            }

            await Database.QueryAsync("ANALYZE");
            await Database.RefreshAsync();
            var id = Id(Customers / 2);
            Target = new TargetCustomer(id, $"Person{Customers / 2}@Example.com", $"crm:C{Customers / 2}",
                Customer360Id.From(Identifier.SourceId("shop", $"old-{Customers / 2}")).Value);
        }

        public Task DisposeAsync() => Database.DisposeAsync();

        private static string Id(int i) => Customer360Id.From(Identifier.Email($"person{i}@example.com")).Value;

        private static (CustomerChange Change, List<IdentityLink> Links) Customer(int i, Random random)
        {
            var id = Id(i);
            var change = Change(id, 1, 0m);
            var summary = change.Summary!;
            summary.Email = $"person{i}@example.com";
            summary.FirstName = "Ann";
            summary.LastName = $"Lee{i}";
            decimal total = 0;
            for (var m = 1; m <= 12; m++)
            {
                var amount = Math.Round((decimal)(random.NextDouble() * 200 + 5), 2);
                total += amount;
                change.Periods.Add(Month(2024, m, amount));
                var order = Order($"{i}-{m}", amount);
                order.OrderTs = new DateTime(2024, m, 5, 0, 0, 0, DateTimeKind.Utc);
                change.Orders.Add(order);
            }

            foreach (var q in new[] { 1, 4, 7, 10 })
            {
                change.Periods.Add(new PeriodRow { Grain = Grain.QUARTER, PeriodStart = new DateTime(2024, q, 1, 0, 0, 0, DateTimeKind.Utc), OrderCount = 3, Revenue = 1 });
            }

            change.Periods.Add(new PeriodRow { Grain = Grain.YEAR, PeriodStart = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), OrderCount = 12, Revenue = total });
            change.Periods.Add(new PeriodRow { Grain = Grain.YEAR, PeriodStart = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), BusinessUnit = "retail", OrderCount = 12, Revenue = total });
            summary.LifetimeValue = total;
            summary.TotalTransactions = 12;
            summary.FirstTransactionTs = new DateTime(2024, 1, 5, 0, 0, 0, DateTimeKind.Utc);
            summary.LastTransactionTs = new DateTime(2024, 12, 5, 0, 0, 0, DateTimeKind.Utc);
            summary.AvgTransactionValue = Math.Round(total / 12, 4);
            // Each identifier but the e-mail came with the record that linked it (what explain reads).
            var email = $"email:person{i}@example.com";
            var links = new List<IdentityLink>
            {
                Link(email, id),
                Link($"crm:C{i}", id, email, $"customers_crm.csv:{i + 2}"),
                // An account that was once a customer of its own and merged into this one.
                Link($"shop:old-{i}", id, email, $"orders.csv:{i + 2}"),
            };
            return (change, links);
        }

        // The account shop:old-i was a customer of its own until identity merged it into customer i.
        private static CustomerMerged Merge(int i) => new()
        {
            EventId = $"merge-{i}",
            MergedId = Customer360Id.From(Identifier.SourceId("shop", $"old-{i}")).Value,
            SurvivorId = Id(i),
            Version = 1,
            MergedAt = At,
            Reason = "same_source_id",
            LinkingIdentifier = $"shop:old-{i}",
        };

        private static IdentityLink Link(string identifier, string customerId, string? linked = null, string? record = null) => new()
        {
            Identifier = identifier,
            CustomerId = customerId,
            SourceSystem = identifier.Split(':')[0],
            FirstSeenTs = At,
            Version = 1,
            LinkedIdentifier = linked,
            EvidenceSourceSystem = linked is null ? null : identifier.Split(':')[0],
            EvidenceRef = record,
            EvidenceTs = linked is null ? null : At,
        };
    }
}
