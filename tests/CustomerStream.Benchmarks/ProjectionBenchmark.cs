using System.Diagnostics;
using System.Globalization;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Projection;
using CustomerStream.Projection.Documents;
using CustomerStream.Projection.Storage;
using CustomerStream.Projection.Writing;
using CustomerStream.Testing;
using Marten;
using Marten.Services;
using Npgsql;

namespace CustomerStream.Benchmarks;

/// <summary>
/// Projection: documents/s written through <see cref="MartWriter"/> (bulk upsert from arrays) and, for comparison,
/// through Marten's <c>IDocumentSession.Store</c>; then query times on the marts at that size
/// (the BI requirements: single-customer lookup under 1 s, segment aggregation under 3 s).
/// </summary>
public sealed class ProjectionBenchmark : IBenchmark
{
    public string Name => "projection";

    public string Description => "mart writes (documents/s) and BI query times; --customers N (100000) --batch N (2000) --keep";

    public async Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var customers = IntArg(args, "--customers", 100_000);
        var batchSize = IntArg(args, "--batch", 2_000);
        var keep = args.Contains("--keep");
        var database = $"cs_bench_projection_{DateTime.UtcNow:yyyyMMddHHmmss}";

        await ExecuteAsync(TestEnvironment.PostgresConnectionString, $"CREATE DATABASE \"{database}\"", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = database }.ConnectionString;
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            using var store = ProjectionDocumentStore.Create(dataSource);
            var options = new ProjectionOptions { ConnectionString = connectionString, AsOfDate = new DateOnly(2025, 7, 1) };
            var clock = Stopwatch.StartNew();
            await new MartSchemaMigrator(dataSource, store, options).MigrateAsync(cancellationToken);
            Console.WriteLine($"schema migration (fresh database): {clock.ElapsedMilliseconds} ms");

            await WriteAsync(dataSource, store, customers, batchSize, cancellationToken);
            await CompareWithSessionStoreAsync(dataSource, store, cancellationToken);
            await ExecuteAsync(connectionString, "VACUUM ANALYZE", cancellationToken);

            // Queries run as the BI role, as a BI tool would.
            await using var bi = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
            {
                Username = ProjectionTables.BiRole,
                Password = options.BiRolePassword,
            }.ConnectionString);
            await QueriesAsync(bi, cancellationToken);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (keep)
            {
                Console.WriteLine($"kept database {database}");
            }
            else
            {
                await DropAsync(database);
            }
        }
    }

    private static async Task WriteAsync(NpgsqlDataSource dataSource, DocumentStore store, int customers, int batchSize, CancellationToken cancellationToken)
    {
        var writer = new MartWriter(dataSource, store);
        var random = new Random(42);
        long documents = 0, changes = 0;
        var inDatabase = TimeSpan.Zero;
        var changesToWrite = Enumerable.Range(0, customers).Select(i => SyntheticCustomer(i, random)).ToList();
        var cpu = await CpuAsync(dataSource, cancellationToken);
        var clock = Stopwatch.StartNew();
        for (var first = 0; first < customers; first += batchSize)
        {
            var batch = new ProjectionBatch();
            for (var i = first; i < Math.Min(customers, first + batchSize); i++)
            {
                batch.Changes.Add(changesToWrite[i]);
            }

            var result = await writer.ApplyAsync(batch, cancellationToken);
            documents += result.DocumentsWritten;
            changes += result.ChangesApplied;
            inDatabase += result.Elapsed;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"write: {customers:N0} customers, {changes:N0} changes, {documents:N0} documents in {seconds:F1} s = {documents / seconds:N0} documents/s " +
            $"({documents / inDatabase.TotalSeconds:N0}/s inside the transactions), batches of {batchSize:N0} customers"));
        PrintCpu(cpu, await CpuAsync(dataSource, cancellationToken), documents);

        // A second pass: every customer changes again (newer version), so every row is an update, not an insert.
        random = new Random(43);
        var updates = Enumerable.Range(0, Math.Min(customers, 20_000)).Select(i =>
        {
            var change = SyntheticCustomer(i, random);
            change.Version = 2;
            return change;
        }).ToList();
        cpu = await CpuAsync(dataSource, cancellationToken);
        clock.Restart();
        documents = 0;
        for (var first = 0; first < updates.Count; first += batchSize)
        {
            var batch = new ProjectionBatch();
            batch.Changes.AddRange(updates.Skip(first).Take(batchSize));
            documents += (await writer.ApplyAsync(batch, cancellationToken)).DocumentsWritten;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"update: {documents:N0} documents in {clock.Elapsed.TotalSeconds:F1} s = {documents / clock.Elapsed.TotalSeconds:N0} documents/s"));
        PrintCpu(cpu, await CpuAsync(dataSource, cancellationToken), documents);
    }

    /// <summary>
    /// CPU used so far by this process and by the database's server processes (this machine's PostgreSQL, read
    /// from /proc): on a shared machine wall times swing with the load, CPU seconds much less.
    /// </summary>
    internal static async Task<(TimeSpan Client, TimeSpan Server)> CpuAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var server = TimeSpan.Zero;
        await using var command = dataSource.CreateCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database()");
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var stat = $"/proc/{reader.GetInt32(0)}/stat";
                if (File.Exists(stat))
                {
                    // Fields 14 and 15 (utime, stime) in clock ticks (100 per second on Linux), after the ")" closing the name.
                    var fields = File.ReadAllText(stat).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    server += TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0);
                }
            }
        }

        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return (self.TotalProcessorTime, server);
    }

    internal static void PrintCpu((TimeSpan Client, TimeSpan Server) before, (TimeSpan Client, TimeSpan Server) after, long rows)
    {
        var (client, server) = (after.Client - before.Client, after.Server - before.Server);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CPU: this process {client.TotalSeconds:F2} s, PostgreSQL {server.TotalSeconds:F2} s (its connections still open) = {(client + server).TotalMilliseconds * 1000 / Math.Max(rows, 1):F1} µs per row"));
    }

    private static async Task CompareWithSessionStoreAsync(NpgsqlDataSource dataSource, DocumentStore store, CancellationToken cancellationToken)
    {
        const int count = 20_000;
        var now = DateTime.UtcNow;
        var documents = Enumerable.Range(0, count).Select(i => new CustomerAliasDocument
        {
            Id = $"cmp_{i}",
            SurvivorId = $"cmp_s{i}",
            Version = 1,
            EventId = $"e{i}",
            MergedAt = now,
            Reason = "bench",
            UpdatedAt = now,
        }).ToArray();
        var clock = Stopwatch.StartNew();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var session = store.LightweightSession(SessionOptions.ForTransaction(transaction)))
            {
                session.Store(documents);
                await session.SaveChangesAsync(cancellationToken);
            }

            await transaction.RollbackAsync(cancellationToken);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"for comparison, Marten's IDocumentSession.Store + SaveChangesAsync: {count:N0} alias documents in {clock.Elapsed.TotalSeconds:F1} s = {count / clock.Elapsed.TotalSeconds:N0} documents/s"));
    }

    private static async Task QueriesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var emails = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT customer_id, email FROM mart.customer_profile WHERE email IS NOT NULL AND total_transactions > 0 ORDER BY random() LIMIT 20"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
                emails.Add(reader.GetString(1));
            }
        }

        await TimeAsync(dataSource, "single-customer lookup by id (customer_profile)", "SELECT * FROM mart.customer_profile WHERE customer_id = $1", ids, cancellationToken);
        await TimeAsync(dataSource, "single-customer lookup by e-mail (customer_profile)", "SELECT * FROM mart.customer_profile WHERE lower(email) = lower($1)", emails, cancellationToken);
        await TimeAsync(dataSource, "one customer's months (customer_month)", "SELECT * FROM mart.customer_month WHERE customer_id = $1 ORDER BY period_start", ids, cancellationToken);
        await TimeAsync(dataSource, "one customer's month-over-month (metric_mom_spend_change)", "SELECT * FROM mart.metric_mom_spend_change WHERE customer_id = $1", ids, cancellationToken);
        await TimeAsync(dataSource, "segment aggregation (customer_profile)",
            "SELECT segment, count(*), avg(lifetime_value), avg(avg_transaction_value) FROM mart.customer_profile GROUP BY segment", [], cancellationToken);
        await TimeAsync(dataSource, "segment aggregation (customer_rfm)",
            "SELECT segment, count(*), avg(monetary) FROM mart.customer_rfm GROUP BY segment", [], cancellationToken);
        await TimeAsync(dataSource, "customer count audit", "SELECT * FROM mart.customer_count_audit", [], cancellationToken);
        await TimeAsync(dataSource, "downstream join (profile x months x orders, one customer)", """
            SELECT p.customer_id, p.tier, m.period_start, m.revenue, count(o.order_id)
            FROM mart.customer_profile p
            JOIN mart.customer_month m ON m.customer_id = p.customer_id
            LEFT JOIN mart.orders o ON o.customer_id = p.customer_id AND date_trunc('month', o.order_ts AT TIME ZONE 'UTC')::date = m.period_start
            WHERE p.customer_id = $1
            GROUP BY 1, 2, 3, 4
            """, ids, cancellationToken);
        await TimeAsync(dataSource, "tier aggregation (metric_customer_ltv)", "SELECT tier, count(*), sum(lifetime_value) FROM mart.metric_customer_ltv GROUP BY tier", [], cancellationToken);
        await TimeAsync(dataSource, "cohort retention (whole view)", "SELECT count(*), avg(retention_rate) FROM mart.cohort_retention", [], cancellationToken);
        await TimeAsync(dataSource, "month-over-month (whole view)", "SELECT count(*), avg(mom_change_pct) FROM mart.metric_mom_spend_change", [], cancellationToken);
        await TimeAsync(dataSource, "latest month's MoM by segment (the BI requirements' query)", """
            SELECT r.segment, avg(m.mom_change_pct)
            FROM mart.metric_mom_spend_change m JOIN mart.customer_rfm r ON r.customer_id = m.customer_id
            WHERE m.month = (SELECT max(month) FROM mart.metric_mom_spend_change) AND m.mom_change_pct IS NOT NULL
            GROUP BY r.segment
            """, [], cancellationToken);
    }

    private static async Task TimeAsync(NpgsqlDataSource dataSource, string label, string sql, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var runs = arguments.Count > 0 ? arguments.Select(a => (object?)a).ToList() : [null, null, null];
        var times = new List<double>();
        long rows = 0;
        foreach (var argument in runs)
        {
            await using var command = dataSource.CreateCommand(sql);
            if (argument is not null)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = argument });
            }

            var clock = Stopwatch.StartNew();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows++;
                }
            }

            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: median {times[times.Count / 2]:F1} ms, max {times[^1]:F1} ms over {times.Count} runs ({rows / times.Count:N0} rows per run)"));
    }

    /// <summary>One customer's full state as a single change: summary, every period row (all units and per unit), every order.</summary>
    internal static CustomerChange SyntheticCustomer(int index, Random random)
    {
        var id = Customer360Id.From(Identifier.SourceId("bench", index.ToString(CultureInfo.InvariantCulture))).Value;
        var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var created = start.AddDays(random.Next(900));
        var visibility = random.NextDouble() switch { < 0.8 => VisibilityStatus.VISIBLE, < 0.86 => VisibilityStatus.TEST, < 0.92 => VisibilityStatus.DELETED, _ => VisibilityStatus.ANONYMOUS };
        var orders = new List<OrderRow>();
        var count = visibility == VisibilityStatus.ANONYMOUS ? 0 : random.Next(0, 16);
        string[] units = ["retail", "online"];
        for (var o = 0; o < count; o++)
        {
            var ts = created.AddDays(random.Next(Math.Max(1, 910 - (int)(created - start).TotalDays))).AddSeconds(random.Next(86_400));
            orders.Add(new OrderRow
            {
                SourceSystem = "shop",
                OrderId = $"{index}-{o}",
                OrderTs = ts,
                UpdatedAt = ts,
                Status = random.Next(10) < 8 ? OrderStatus.APPROVED : OrderStatus.REFUNDED,
                Amount = Math.Round((decimal)(random.NextDouble() * 300 + 5), 2),
                Currency = "EUR",
                BusinessUnit = units[random.Next(2)],
                Category = "books",
            });
        }

        var approved = orders.Where(o => o.Status == OrderStatus.APPROVED).ToList();
        var amounts = approved.Select(o => o.Amount).Order().ToList();
        var periods = new List<PeriodRow>();
        foreach (var grain in new[] { Grain.MONTH, Grain.QUARTER, Grain.YEAR })
        {
            foreach (var group in orders.GroupBy(o => (Period.Of(grain, o.OrderTs).Start, (string?)null)).Concat(orders.GroupBy(o => (Period.Of(grain, o.OrderTs).Start, (string?)o.BusinessUnit))))
            {
                var ok = group.Where(o => o.Status == OrderStatus.APPROVED).ToList();
                periods.Add(new PeriodRow
                {
                    Grain = grain,
                    PeriodStart = group.Key.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                    BusinessUnit = group.Key.Item2,
                    OrderCount = ok.Count,
                    Revenue = ok.Sum(o => o.Amount),
                    RefundedAmount = group.Where(o => o.Status == OrderStatus.REFUNDED).Sum(o => o.Amount),
                    FirstOrderTs = ok.Count > 0 ? ok.Min(o => o.OrderTs) : null,
                    LastOrderTs = ok.Count > 0 ? ok.Max(o => o.OrderTs) : null,
                    WebSessions = group.Key.Item2 is null ? random.Next(0, 4) : 0,
                    PageViews = group.Key.Item2 is null ? random.Next(0, 20) : 0,
                });
            }
        }

        return new CustomerChange
        {
            CustomerId = id,
            Version = 1,
            ChangedAt = DateTime.UtcNow,
            Summary = new CustomerSummary
            {
                VisibilityStatus = visibility,
                AcquisitionTs = visibility == VisibilityStatus.ANONYMOUS ? null : created,
                AcquisitionSource = "shop",
                Email = visibility == VisibilityStatus.ANONYMOUS ? null : $"bench{index}@example.com",
                FirstName = "Bench",
                LastName = index.ToString(CultureInfo.InvariantCulture),
                Country = "DE",
                City = "Berlin",
                Identifiers = [$"bench:{index}", $"email:bench{index}@example.com"],
                LifetimeValue = amounts.Sum(),
                TotalTransactions = amounts.Count,
                RefundedAmount = orders.Where(o => o.Status == OrderStatus.REFUNDED).Sum(o => o.Amount),
                FirstTransactionTs = approved.Count > 0 ? approved.Min(o => o.OrderTs) : null,
                LastTransactionTs = approved.Count > 0 ? approved.Max(o => o.OrderTs) : null,
                AvgTransactionValue = amounts.Count > 0 ? Math.Round(amounts.Average(), 4) : null,
                TransactionValueStddev = amounts.Count > 1 ? Math.Round((decimal)Math.Sqrt((double)(amounts.Sum(a => (a - amounts.Average()) * (a - amounts.Average())) / (amounts.Count - 1))), 4) : null,
                MinTransactionValue = amounts.Count > 0 ? amounts[0] : null,
                MaxTransactionValue = amounts.Count > 0 ? amounts[^1] : null,
                MedianTransactionValue = amounts.Count > 0 ? amounts[amounts.Count / 2] : null,
                WebSessions = random.Next(0, 10),
                PageViews = random.Next(0, 50),
            },
            Periods = periods,
            Orders = orders,
        };
    }

    internal static async Task DropAsync(string database)
    {
        // An autovacuum worker (another role) may still be busy with the database; FORCE cannot end it, so wait.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(TestEnvironment.PostgresConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", CancellationToken.None);
                return;
            }
            catch (PostgresException e) when (attempt < 30 && e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }

    internal static int IntArg(IReadOnlyList<string> args, string name, int fallback)
    {
        var index = args.ToList().IndexOf(name);
        return index >= 0 && index + 1 < args.Count ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    internal static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
