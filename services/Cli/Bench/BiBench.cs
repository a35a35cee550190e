using System.Diagnostics;
using CustomerStream.Projection;
using CustomerStream.Projection.Storage;
using CustomerStream.Projection.Writing;
using Npgsql;

namespace CustomerStream.Cli.Bench;

/// <summary>
/// <c>bench --bi</c>: fills the marts with a synthetic population through the projection's own writer (no
/// pipeline), runs the global refresh, times the reads BI tools and dashboards make (one customer by ID,
/// e-mail, identifier or old ID; its periods, month-over-month and orders; the count; aggregations over
/// everyone), measures how far the RFM quintiles drift when 1 % of customers change and 1 % arrive between
/// two refreshes, and reports the marts' size. The population stays in the marts for anyone to query.
/// </summary>
internal sealed class BiBench(CliContext context, string postgres)
{
    private const int BatchCustomers = 5_000;
    private const int SampledCustomers = 1_000;

    /// <summary>Recency is measured to this date, just after the population's twelve months.</summary>
    public static readonly DateOnly AsOf = new(2025, 7, 15);

    public async Task<BiReport> RunAsync(int customers, CancellationToken cancellationToken)
    {
        var options = new ProjectionOptions { ConnectionString = postgres, AsOfDate = AsOf };
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgres) { CommandTimeout = 0 }.ConnectionString);
        using var store = ProjectionDocumentStore.Create(dataSource);
        await new MartSchemaMigrator(dataSource, store, options).MigrateAsync(cancellationToken);
        var writer = new MartWriter(dataSource, store);

        var fill = await context.WithProgressAsync(progress => FillAsync(writer, customers, progress, cancellationToken));
        context.Line($"Filled the marts with {customers:N0} customers: {fill.Rows:N0} rows in {fill.Elapsed.TotalSeconds:N1} s ({fill.Rows / fill.Elapsed.TotalSeconds:N0} rows/s through MartWriter)");
        var refresher = new MartRefresher(dataSource);
        var refresh = await context.WithProgressAsync(progress =>
        {
            progress("First global refresh (RFM quintiles, cohort retention, counts; re-scores everybody after a bulk load)");
            return refresher.RefreshAsync(cancellationToken);
        });

        // What autovacuum does in its own time: statistics, and the visibility map that index-only scans need.
        var analyze = await ExecuteAsync(dataSource, "VACUUM ANALYZE", cancellationToken);
        context.Line($"First global refresh {refresh.Elapsed.TotalSeconds:N2} s ({refresh.RankedCustomers:N0} customers ranked); VACUUM ANALYZE {analyze.TotalSeconds:N1} s");

        var timings = await context.WithProgressAsync(progress => TimeQueriesAsync(dataSource, options, customers, progress, cancellationToken));
        var drift = await context.WithProgressAsync(progress => DriftAsync(dataSource, writer, refresher, customers, progress, cancellationToken));
        var sizes = await SizesAsync(dataSource, cancellationToken);
        return new BiReport(customers, fill, refresh.Elapsed, timings, drift, sizes);
    }

    private static async Task<BiFill> FillAsync(MartWriter writer, int customers, Action<string> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long rows = 0, done = 0;
        var batches = Enumerable.Range(0, (customers + BatchCustomers - 1) / BatchCustomers).Select(b => b * BatchCustomers);

        // Two writers: while PostgreSQL applies one batch, the next is generated and sent on the other connection.
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (first, token) =>
        {
            var batch = BiPopulation.Batch(first, Math.Min(customers, first + BatchCustomers));
            var result = await writer.ApplyAsync(batch, token);
            Interlocked.Add(ref rows, result.DocumentsWritten);
            var total = Interlocked.Add(ref done, batch.Changes.Count);
            progress($"Writing customers through the projection's writer: {total:N0} of {customers:N0} ({Interlocked.Read(ref rows) / clock.Elapsed.TotalSeconds:N0} rows/s)");
        });
        return new BiFill(rows, clock.Elapsed);
    }

    private static async Task<IReadOnlyList<BiTiming>> TimeQueriesAsync(
        NpgsqlDataSource owner, ProjectionOptions options, int customers, Action<string> progress, CancellationToken cancellationToken)
    {
        // As a dashboard service reads: the read-only role, statements prepared once used a few times (Npgsql's
        // auto-prepare; JDBC's prepareThreshold does the same), so a lookup is not planned anew each time.
        await using var bi = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Username = ProjectionTables.BiRole,
            Password = options.BiRolePassword,
            CommandTimeout = 0,
            MaxAutoPrepare = 32,
            AutoPrepareMinUsages = 3,
        }.ConnectionString);
        var random = new Random(7);
        var sample = Enumerable.Range(0, SampledCustomers).Select(_ => random.Next(customers)).Where(i => i % 50 > 2).ToList();
        var ids = sample.Select(BiPopulation.Id).ToList();
        // customerstream_bi reads e-mail addresses as keyed hashes: it finds a customer by the pseudonymized identifier.
        var emails = await PseudonymizedAsync(owner, sample.Select(i => $"email:{BiPopulation.Email(i)}").ToArray(), cancellationToken);
        var identifiers = sample.Select(BiPopulation.CrmId).ToList();
        var merged = sample.Select(i => i - i % 10).Where(i => i % 50 > 2).Select(i => BiPopulation.MergedId(i)!).ToList();
        var timings = new List<BiTiming>();
        foreach (var (query, arguments, runs) in new (BiQuery, IReadOnlyList<string>?, int)[]
                 {
                     (new("lookup_by_id", "profile by Customer360 ID", "SELECT * FROM mart.customer_profile WHERE customer_id = $1"), ids, 0),
                     (new("lookup_by_email", "profile by e-mail (its pseudonym email:<hash>)",
                         "SELECT p.* FROM mart.identity_links l JOIN mart.customer_profile p ON p.customer_id = l.customer_id WHERE l.identifier = $1"), emails, 0),
                     (new("lookup_by_identifier", "profile by identifier (crm:C123)",
                         "SELECT p.* FROM mart.identity_links l JOIN mart.customer_profile p ON p.customer_id = l.customer_id WHERE l.identifier = $1"), identifiers, 0),
                     (new("lookup_by_old_id", "profile by a merged-away Customer360 ID",
                         "SELECT p.* FROM mart.customer_aliases a JOIN mart.customer_profile p ON p.customer_id = a.resolved_id WHERE a.merged_id = $1"), merged, 0),
                     (new("customer_periods", "one customer's months", "SELECT * FROM mart.customer_month WHERE customer_id = $1 ORDER BY period_start"), ids, 0),
                     (new("customer_quarters", "one customer's quarters and years",
                         "SELECT * FROM mart.customer_quarter WHERE customer_id = $1 UNION ALL SELECT * FROM mart.customer_year WHERE customer_id = $1"), ids, 0),
                     (new("customer_mom", "one customer's month-over-month", "SELECT * FROM mart.metric_mom_spend_change WHERE customer_id = $1 ORDER BY month"), ids, 0),
                     (new("customer_orders", "one customer's orders", "SELECT * FROM mart.orders WHERE customer_id = $1"), ids, 0),
                     (new("count_audit", "customer count audit", "SELECT * FROM mart.customer_count_audit ORDER BY sort_order"), null, 200),
                     (new("segment_aggregation", "segments over everyone (customer_rfm)", "SELECT segment, count(*), avg(monetary), avg(frequency) FROM mart.customer_rfm GROUP BY segment"), null, 5),
                     (new("segment_dashboard", "segment dashboard (customer_profile, docs/marts.md)",
                         "SELECT segment, count(*), avg(lifetime_value), avg(avg_transaction_value) FROM mart.customer_profile WHERE visibility_status = 'visible' AND segment IS NOT NULL GROUP BY segment"), null, 5),
                     (new("tier_aggregation", "tiers over everyone (metric_customer_ltv)", "SELECT tier, count(*), sum(lifetime_value) FROM mart.metric_customer_ltv GROUP BY tier"), null, 5),
                     (new("cohort_retention", "whole cohort_retention", "SELECT * FROM mart.cohort_retention"), null, 20),
                 })
        {
            progress($"Timing: {query.Label}");
            timings.Add(await query.TimeAsync(bi, arguments, runs, cancellationToken));
        }

        return timings;
    }

    private static async Task<List<string>> PseudonymizedAsync(NpgsqlDataSource owner, string[] identifiers, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand(
            "SELECT projection.pseudonymized_identifier(i, k.inner_pad, k.outer_pad) FROM unnest($1::text[]) WITH ORDINALITY AS u(i, n), projection.pseudonym_key k ORDER BY n");
        command.Parameters.Add(new NpgsqlParameter { Value = identifiers });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pseudonyms = new List<string>(identifiers.Length);
        while (await reader.ReadAsync(cancellationToken))
        {
            pseudonyms.Add(reader.GetString(0));
        }

        return pseudonyms;
    }

    /// <summary>
    /// Between two refreshes: 1 % of the customers get two more months of orders and 1 % new customers arrive;
    /// how many F/M scores (from the stored boundaries) differ from an exact ntile over the data, how far the
    /// next refresh moves the boundaries, and what that refresh costs.
    /// </summary>
    private static async Task<BiDrift> DriftAsync(
        NpgsqlDataSource dataSource, MartWriter writer, MartRefresher refresher, int customers, Action<string> progress, CancellationToken cancellationToken)
    {
        var changed = Math.Max(1, customers / 100);
        progress($"Drift: {changed:N0} customers change, {changed:N0} arrive");
        var random = new Random(11);
        var picked = Enumerable.Range(0, changed).Select(_ => random.Next(customers)).Distinct().ToList();
        foreach (var chunk in picked.Chunk(BatchCustomers))
        {
            var batch = new ProjectionBatch();
            batch.Changes.AddRange(chunk.Select(i => BiPopulation.Customer(i, version: 2, extraMonths: 2)));
            await writer.ApplyAsync(batch, cancellationToken);
        }

        for (var first = customers; first < customers + changed; first += BatchCustomers)
        {
            await writer.ApplyAsync(BiPopulation.Batch(first, Math.Min(customers + changed, first + BatchCustomers)), cancellationToken);
        }

        var before = await BoundsAsync(dataSource, cancellationToken);
        var (f, m, ranked) = await MismatchAsync(dataSource, cancellationToken);
        progress("Drift: refreshing");
        var refresh = await refresher.RefreshAsync(cancellationToken);
        var after = await BoundsAsync(dataSource, cancellationToken);
        var shift = before.Zip(after, (b, a) => b == 0 ? 0 : (double)Math.Abs((a - b) / b) * 100).DefaultIfEmpty(0).Max();
        return new BiDrift(picked.Count, changed, ranked, f, m, shift, before, after, refresh.Elapsed);
    }

    private static async Task<(long F, long M, long Ranked)> MismatchAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE r.f_score <> e.f), count(*) FILTER (WHERE r.m_score <> e.m), count(*)
            FROM mart.customer_rfm r
            JOIN (SELECT customer_id, ntile(5) OVER (ORDER BY frequency, customer_id COLLATE "C") AS f,
                         ntile(5) OVER (ORDER BY monetary, customer_id COLLATE "C") AS m
                  FROM mart.customer_rfm) e USING (customer_id)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    // The monetary quintile boundaries (the frequency ones are small integers that rarely move).
    private static async Task<decimal[]> BoundsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT m1_value, m2_value, m3_value, m4_value FROM projection.rfm_bounds WHERE id = 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Enumerable.Range(0, 4).Select(i => reader.IsDBNull(i) ? 0m : reader.GetDecimal(i)).ToArray();
    }

    private static async Task<IReadOnlyList<(string Table, long Bytes)>> SizesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = '{ProjectionTables.PrivateSchema}' AND c.relkind = 'r' ORDER BY 2 DESC
            """);
        var sizes = new List<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sizes.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return sizes;
    }

    private static async Task<TimeSpan> ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return clock.Elapsed;
    }
}
