using System.Diagnostics;
using Npgsql;

namespace CustomerStream.Cli.Bench;

/// <summary>
/// The batch way to the same marts, for the side-by-side of the pipeline benchmark (docs/benchmarks.md): plain SQL that rebuilds every customer ×
/// time table and per-customer metric from the order rows, one <c>CREATE TABLE … AS</c> per model in
/// dependency order, as the reference documents' dbt project does with table materializations. It lives
/// in schema <c>baseline</c> of the same database.
/// </summary>
/// <remarks>
/// The baseline is handed what a dbt silver layer would hold: one row per order (its current version) with
/// its resolved Customer360 ID, and one row per customer with visibility and acquisition, copied from the
/// streaming marts (<see cref="StageAsync"/>, not timed). Identity stitching, de-duplication of re-sends,
/// order corrections and web sessions are therefore <em>not</em> in its time, which flatters the baseline.
/// </remarks>
internal sealed class SqlBaseline(NpgsqlDataSource dataSource)
{
    /// <summary>What the baseline does not recompute of a profile: what it is not handed (contact data, identifiers, web figures) and bookkeeping.</summary>
    private static readonly string[] ProfileColumnsLeftOut =
    [
        "acquisition_source", "email", "first_name", "last_name", "phone", "country", "city", "identifiers", "refunded_amount",
        "first_transaction_ts", "last_transaction_ts", "min_transaction_value", "max_transaction_value", "r_score", "f_score", "m_score",
        "web_sessions", "page_views", "version", "updated_at", "scores_as_of",
    ];

    private const string PeriodRows = "order_count > 0 OR refunded_amount <> 0";
    private static readonly string[] PeriodWebColumns = ["web_sessions", "page_views", "updated_at"];

    /// <summary>
    /// The models, in the order they are built; each is one statement and rebuilds the <c>mart</c> relation of its
    /// name: every column of the baseline table is a column of that relation, equal row for row on the rows the
    /// baseline covers (<see cref="BaselineModel.MartRows"/>).
    /// </summary>
    public static IReadOnlyList<BaselineModel> Models { get; } =
    [
        new("customer_month", PeriodModel("customer_month", "month"), PeriodRows, PeriodWebColumns),
        new("customer_quarter", PeriodModel("customer_quarter", "quarter"), PeriodRows, PeriodWebColumns),
        new("customer_year", PeriodModel("customer_year", "year"), PeriodRows, PeriodWebColumns),
        new("customer_period_unit", """
            CREATE TABLE baseline.customer_period_unit AS
            SELECT o.customer_id, g.grain, date_trunc(g.grain, o.order_ts AT TIME ZONE 'UTC')::date AS period_start, o.business_unit,
                   count(*) FILTER (WHERE o.status = 'approved') AS order_count,
                   coalesce(sum(o.amount) FILTER (WHERE o.status = 'approved'), 0) AS revenue,
                   coalesce(sum(o.amount) FILTER (WHERE o.status = 'refunded'), 0) AS refunded_amount,
                   round(avg(o.amount) FILTER (WHERE o.status = 'approved'), 4) AS avg_order_value,
                   min(o.order_ts) FILTER (WHERE o.status = 'approved') AS first_order_ts,
                   max(o.order_ts) FILTER (WHERE o.status = 'approved') AS last_order_ts
            FROM baseline.stg_orders o CROSS JOIN (VALUES ('month'), ('quarter'), ('year')) g(grain)
            WHERE o.status IN ('approved', 'refunded')
            GROUP BY 1, 2, 3, 4
            """, PeriodRows, ["updated_at"]),
        new("metric_customer_ltv", """
            CREATE TABLE baseline.metric_customer_ltv AS
            SELECT o.customer_id, c.visibility_status,
                   sum(amount) AS lifetime_value, count(*) AS total_transactions,
                   (max(order_ts AT TIME ZONE 'UTC')::date - min(order_ts AT TIME ZONE 'UTC')::date) AS customer_age_days,
                   round(sum(amount) / greatest(max(order_ts AT TIME ZONE 'UTC')::date - min(order_ts AT TIME ZONE 'UTC')::date, 1), 4) AS avg_spend_per_day,
                   CASE WHEN sum(amount) >= (SELECT tier_platinum_min FROM baseline.settings) THEN 'Platinum'
                        WHEN sum(amount) >= (SELECT tier_gold_min FROM baseline.settings) THEN 'Gold'
                        WHEN sum(amount) >= (SELECT tier_silver_min FROM baseline.settings) THEN 'Silver' ELSE 'Bronze' END AS tier
            FROM baseline.stg_orders o LEFT JOIN baseline.stg_customers c ON c.customer_id = o.customer_id WHERE status = 'approved'
            GROUP BY o.customer_id, c.visibility_status
            """, "total_transactions > 0", []),
        new("metric_avg_transaction_value", """
            CREATE TABLE baseline.metric_avg_transaction_value AS
            SELECT o.customer_id, c.visibility_status,
                   count(*) AS total_transactions, round(avg(amount), 4) AS avg_transaction_value, round(stddev_samp(amount), 4) AS transaction_value_stddev,
                   min(amount) AS min_transaction_value, max(amount) AS max_transaction_value,
                   round(percentile_cont(0.5) WITHIN GROUP (ORDER BY amount)::numeric, 4) AS median_transaction_value,
                   CASE WHEN stddev_samp(amount) IS NULL OR avg(amount) = 0 OR stddev_samp(amount) / avg(amount) < 0.5 THEN 'Consistent'
                        WHEN stddev_samp(amount) / avg(amount) < 1.0 THEN 'Moderate' ELSE 'Variable' END AS spending_consistency
            FROM baseline.stg_orders o LEFT JOIN baseline.stg_customers c ON c.customer_id = o.customer_id WHERE status = 'approved'
            GROUP BY o.customer_id, c.visibility_status
            """, "true", []),
        new("metric_mom_spend_change", """
            CREATE TABLE baseline.metric_mom_spend_change AS
            WITH spend AS (
                SELECT customer_id, date_trunc('month', order_ts AT TIME ZONE 'UTC')::date AS month, sum(amount) AS monthly_spend
                FROM baseline.stg_orders WHERE status = 'approved' GROUP BY 1, 2),
            bounds AS (SELECT customer_id, min(month) AS first_month FROM spend GROUP BY 1),
            last_month AS (SELECT date_trunc('month', max(order_ts AT TIME ZONE 'UTC'))::date AS month FROM baseline.stg_orders),
            grid AS (
                SELECT b.customer_id, m::date AS month
                FROM bounds b CROSS JOIN last_month l CROSS JOIN LATERAL generate_series(b.first_month, l.month, interval '1 month') m),
            filled AS (
                SELECT g.customer_id, g.month, coalesce(s.monthly_spend, 0) AS monthly_spend,
                       lag(coalesce(s.monthly_spend, 0)) OVER (PARTITION BY g.customer_id ORDER BY g.month) AS prior_month_spend,
                       row_number() OVER (PARTITION BY g.customer_id ORDER BY g.month) AS month_number
                FROM grid g LEFT JOIN spend s USING (customer_id, month))
            SELECT customer_id, month, monthly_spend, prior_month_spend,
                   round(change, 2) AS mom_change_pct,
                   CASE WHEN change >= 50 THEN 'High Growth' WHEN change >= 10 THEN 'Growth' WHEN change > -10 THEN 'Flat'
                        WHEN change > -50 THEN 'Decline' WHEN change IS NOT NULL THEN 'High Decline' END AS mom_trend_category,
                   month_number
            FROM (SELECT *, CASE WHEN prior_month_spend IS NULL OR prior_month_spend = 0 THEN NULL
                                 ELSE (monthly_spend - prior_month_spend) / prior_month_spend * 100 END AS change
                  FROM filled) f
            """, "true", []),
        new("customer_rfm", """
            CREATE TABLE baseline.customer_rfm AS
            WITH base AS (
                SELECT l.customer_id, ((SELECT as_of FROM baseline.settings) - o.last_transaction_ts::date) AS recency_days,
                       l.total_transactions AS frequency, l.lifetime_value AS monetary
                FROM baseline.metric_customer_ltv l
                JOIN (SELECT customer_id, max(order_ts) AS last_transaction_ts FROM baseline.stg_orders WHERE status = 'approved' GROUP BY 1) o USING (customer_id)
                JOIN baseline.stg_customers c USING (customer_id)
                WHERE c.visibility_status = 'visible'),
            scored AS (
                SELECT *, CASE WHEN recency_days <= 30 THEN 5 WHEN recency_days <= 60 THEN 4 WHEN recency_days <= 90 THEN 3 WHEN recency_days <= 180 THEN 2 ELSE 1 END AS r_score,
                       ntile(5) OVER (ORDER BY frequency, customer_id COLLATE "C") AS f_score,
                       ntile(5) OVER (ORDER BY monetary, customer_id COLLATE "C") AS m_score
                FROM base)
            SELECT *, CASE WHEN r_score >= 4 AND f_score >= 4 AND m_score >= 4 THEN 'Champion' WHEN f_score >= 4 THEN 'Loyal'
                           WHEN r_score >= 4 AND f_score <= 1 THEN 'New' WHEN r_score <= 2 AND f_score >= 3 THEN 'At Risk'
                           WHEN r_score = 1 AND f_score <= 2 THEN 'Lost' ELSE 'Others' END AS segment
            FROM scored
            """, "true", ["scores_as_of"], AsOfGlobalRefresh: true),
        new("cohort_retention", """
            CREATE TABLE baseline.cohort_retention AS
            WITH cohort AS (
                SELECT customer_id, date_trunc('month', acquisition_ts AT TIME ZONE 'UTC')::date AS cohort_month
                FROM baseline.stg_customers WHERE visibility_status = 'visible' AND acquisition_ts IS NOT NULL),
            active AS (
                SELECT DISTINCT customer_id, date_trunc('month', order_ts AT TIME ZONE 'UTC')::date AS month
                FROM baseline.stg_orders WHERE status = 'approved'),
            last_month AS (SELECT max(month) AS month FROM active),
            sizes AS (SELECT cohort_month, count(*) AS cohort_size FROM cohort GROUP BY 1),
            offsets AS (
                SELECT s.cohort_month, s.cohort_size, k.month_offset
                FROM sizes s CROSS JOIN last_month l
                CROSS JOIN LATERAL generate_series(0, ((extract(year FROM greatest(l.month, s.cohort_month)) - extract(year FROM s.cohort_month)) * 12
                    + extract(month FROM greatest(l.month, s.cohort_month)) - extract(month FROM s.cohort_month))::int) k(month_offset)),
            retained AS (
                SELECT c.cohort_month,
                       ((extract(year FROM a.month) - extract(year FROM c.cohort_month)) * 12 + extract(month FROM a.month) - extract(month FROM c.cohort_month))::int AS month_offset,
                       count(DISTINCT c.customer_id) AS retained_customers
                FROM cohort c JOIN active a USING (customer_id)
                WHERE a.month >= c.cohort_month
                GROUP BY 1, 2)
            SELECT o.cohort_month, o.month_offset, o.cohort_size, coalesce(r.retained_customers, 0) AS retained_customers,
                   round(coalesce(r.retained_customers, 0)::numeric / o.cohort_size, 4) AS retention_rate
            FROM offsets o LEFT JOIN retained r USING (cohort_month, month_offset)
            """, "true", ["computed_at"], AsOfGlobalRefresh: true),
        new("customer_profile", """
            CREATE TABLE baseline.customer_profile AS
            SELECT c.customer_id, c.visibility_status, c.acquisition_ts, coalesce(l.lifetime_value, 0) AS lifetime_value,
                   coalesce(l.total_transactions, 0) AS total_transactions, l.customer_age_days, l.avg_spend_per_day,
                   coalesce(l.tier, 'Bronze') AS tier, a.avg_transaction_value, a.transaction_value_stddev, a.median_transaction_value,
                   a.spending_consistency, (SELECT as_of FROM baseline.settings) - (o.last_transaction_ts AT TIME ZONE 'UTC')::date AS recency_days,
                   r.segment
            FROM baseline.stg_customers c
            LEFT JOIN baseline.metric_customer_ltv l USING (customer_id)
            LEFT JOIN baseline.metric_avg_transaction_value a USING (customer_id)
            LEFT JOIN (SELECT customer_id, max(order_ts) AS last_transaction_ts FROM baseline.stg_orders WHERE status = 'approved' GROUP BY 1) o USING (customer_id)
            LEFT JOIN baseline.customer_rfm r USING (customer_id)
            """, "true", ProfileColumnsLeftOut, AsOfGlobalRefresh: true),
        new("customer_count_audit", """
            CREATE TABLE baseline.customer_count_audit AS
            SELECT visibility_status, count(*) AS customers FROM baseline.stg_customers GROUP BY 1
            """, "customers > 0", ["sort_order"]),
    ];

    /// <summary>
    /// One round of the side-by-side: stages the silver layer from the marts as they are now, refreshes every
    /// model (timed) and counts the rows where the two ways disagree.
    /// </summary>
    /// <param name="afterGlobalRefresh">
    /// The marts' global refresh ran after the last change: compare the models whose mart figures hold as of that
    /// refresh too (<see cref="BaselineModel.AsOfGlobalRefresh"/>), not only those every batch keeps exact.
    /// </param>
    /// <param name="cancellationToken">Stops the round.</param>
    public async Task<BaselineRound> RunRoundAsync(CancellationToken cancellationToken, bool afterGlobalRefresh = false)
    {
        var staged = await StageAsync(cancellationToken);
        var refresh = await FullRefreshAsync(cancellationToken);
        var differences = await DifferencesAsync(Models.Where(m => afterGlobalRefresh || !m.AsOfGlobalRefresh), cancellationToken);
        return new BaselineRound(staged, refresh, differences.Values.Sum(), differences);
    }

    /// <summary>
    /// Copies the silver layer out of the streaming marts into <c>baseline.stg_*</c> (orders with their current
    /// owner, customers with visibility and acquisition) and the settings the marts use (as-of date, tier
    /// thresholds, which are configurable); returns the order rows staged.
    /// </summary>
    private async Task<long> StageAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, """
            DROP SCHEMA IF EXISTS baseline CASCADE;
            CREATE SCHEMA baseline;
            CREATE TABLE baseline.stg_orders AS
                SELECT order_id, source_system, customer_id, order_ts, status, amount, business_unit FROM mart.orders;
            CREATE TABLE baseline.stg_customers AS
                SELECT customer_id, visibility_status, acquisition_ts FROM mart.customer_profile;
            CREATE TABLE baseline.settings AS
                SELECT as_of_date AS as_of, tier_platinum_min, tier_gold_min, tier_silver_min FROM mart.settings;
            ANALYZE baseline.stg_orders;
            ANALYZE baseline.stg_customers;
            ANALYZE baseline.settings;
            """, cancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM baseline.stg_orders", connection);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Drops and rebuilds every model (a full refresh); returns the time of each and the rows of the customer-month model.</summary>
    private async Task<BaselineRun> FullRefreshAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var times = new List<(string, TimeSpan)>();
        var total = Stopwatch.StartNew();
        foreach (var (name, sql, _, _, _) in Models)
        {
            var clock = Stopwatch.StartNew();
            // ANALYZE as a post-hook: without statistics the planner takes the fresh tables for huge ones and
            // spends its time compiling (JIT) plans for a few thousand rows.
            await ExecuteAsync(connection, $"DROP TABLE IF EXISTS baseline.{name}; {sql}; ANALYZE baseline.{name}", cancellationToken);
            times.Add((name, clock.Elapsed));
        }

        var elapsed = total.Elapsed;
        await using var count = new NpgsqlCommand("SELECT count(*) FROM baseline.customer_month", connection);
        return new BaselineRun(elapsed, times, (long)(await count.ExecuteScalarAsync(cancellationToken))!);
    }

    /// <summary>
    /// Rows where the baseline and the streaming marts disagree, by model: rows of the baseline table missing from
    /// the mart relation of its name (every column the baseline computes, cast to the mart's type) plus rows of
    /// that relation the baseline covers (<see cref="BaselineModel.MartRows"/>) missing from the baseline, as
    /// multisets. Zero when both ways computed the same answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> DifferencesAsync(IEnumerable<BaselineModel> models, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var differences = new Dictionary<string, long>();
        foreach (var model in models)
        {
            var columns = (await ColumnsAsync(connection, model.Name, cancellationToken)).Where(c => c.MartType is not null).ToList();
            var baseline = string.Join(", ", columns.Select(c => $"b.{c.Name}::{c.MartType}"));
            var mart = string.Join(", ", columns.Select(c => $"m.{c.Name}"));
            await using var command = new NpgsqlCommand($"""
                SELECT (SELECT count(*) FROM (SELECT {baseline} FROM baseline.{model.Name} b EXCEPT ALL SELECT {mart} FROM mart.{model.Name} m WHERE {model.MartRows}) x)
                     + (SELECT count(*) FROM (SELECT {mart} FROM mart.{model.Name} m WHERE {model.MartRows} EXCEPT ALL SELECT {baseline} FROM baseline.{model.Name} b) y)
                """, connection);
            differences[model.Name] = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return differences;
    }

    /// <summary>
    /// Where the baseline's columns and the mart relations' columns have drifted apart (built models expected): a
    /// baseline column the mart relation lacks, a mart column the baseline neither computes nor names as left out,
    /// a column named as left out that the baseline computes or the relation lacks. Empty when they agree.
    /// </summary>
    public async Task<IReadOnlyList<string>> ColumnDriftAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var drift = new List<string>();
        foreach (var model in Models)
        {
            var computed = await ColumnsAsync(connection, model.Name, cancellationToken);
            var martColumns = await MartColumnsAsync(connection, model.Name, cancellationToken);
            drift.AddRange(computed.Where(c => c.MartType is null).Select(c => $"baseline.{model.Name}.{c.Name} is not a column of mart.{model.Name}"));
            drift.AddRange(martColumns.Where(c => !computed.Any(b => b.Name == c) && !model.LeftOut.Contains(c))
                .Select(c => $"mart.{model.Name}.{c} is neither computed by the baseline nor named as left out"));
            drift.AddRange(model.LeftOut.Where(c => computed.Any(b => b.Name == c) || !martColumns.Contains(c))
                .Select(c => $"{model.Name}: '{c}' is named as left out but the baseline computes it or the mart relation lacks it"));
        }

        return drift;
    }

    /// <summary>The columns of a baseline table, with the type of the mart relation's column of the same name (null when it has none).</summary>
    private static async Task<List<(string Name, string? MartType)>> ColumnsAsync(NpgsqlConnection connection, string model, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT b.attname, format_type(m.atttypid, m.atttypmod)
            FROM pg_attribute b
            LEFT JOIN pg_attribute m ON m.attrelid = to_regclass('mart.' || $1) AND m.attname = b.attname AND NOT m.attisdropped
            WHERE b.attrelid = to_regclass('baseline.' || $1) AND b.attnum > 0 AND NOT b.attisdropped
            ORDER BY b.attnum
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        var columns = new List<(string, string?)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return columns;
    }

    private static async Task<List<string>> MartColumnsAsync(NpgsqlConnection connection, string model, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass('mart.' || $1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = model });
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static string PeriodModel(string table, string grain) => $"""
        CREATE TABLE baseline.{table} AS
        SELECT customer_id, date_trunc('{grain}', order_ts AT TIME ZONE 'UTC')::date AS period_start,
               count(*) FILTER (WHERE status = 'approved') AS order_count,
               coalesce(sum(amount) FILTER (WHERE status = 'approved'), 0) AS revenue,
               coalesce(sum(amount) FILTER (WHERE status = 'refunded'), 0) AS refunded_amount,
               round(avg(amount) FILTER (WHERE status = 'approved'), 4) AS avg_order_value,
               min(order_ts) FILTER (WHERE status = 'approved') AS first_order_ts,
               max(order_ts) FILTER (WHERE status = 'approved') AS last_order_ts
        FROM baseline.stg_orders
        WHERE status IN ('approved', 'refunded')
        GROUP BY 1, 2
        """;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>A round: orders staged, the refresh, rows that differ from the streaming marts (in all, and by model compared).</summary>
internal sealed record BaselineRound(long OrdersStaged, BaselineRun Refresh, long Differences, IReadOnlyDictionary<string, long> DifferencesByModel);

/// <summary>One full refresh of the baseline: total time, time per model, customer-month rows built.</summary>
internal sealed record BaselineRun(TimeSpan Elapsed, IReadOnlyList<(string Model, TimeSpan Elapsed)> Models, long CustomerMonths);
