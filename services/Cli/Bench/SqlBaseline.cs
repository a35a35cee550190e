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
    /// <summary>The models, in the order they are built; each is one statement.</summary>
    public static IReadOnlyList<(string Name, string Sql)> Models { get; } =
    [
        ("customer_month", PeriodModel("customer_month", "month")),
        ("customer_quarter", PeriodModel("customer_quarter", "quarter")),
        ("customer_year", PeriodModel("customer_year", "year")),
        ("customer_period_unit", """
            CREATE TABLE baseline.customer_period_unit AS
            SELECT o.customer_id, g.grain, date_trunc(g.grain, o.order_ts AT TIME ZONE 'UTC')::date AS period_start, o.business_unit,
                   count(*) FILTER (WHERE o.status = 'approved') AS order_count,
                   coalesce(sum(o.amount) FILTER (WHERE o.status = 'approved'), 0) AS revenue,
                   coalesce(sum(o.amount) FILTER (WHERE o.status = 'refunded'), 0) AS refunded_amount
            FROM baseline.stg_orders o CROSS JOIN (VALUES ('month'), ('quarter'), ('year')) g(grain)
            WHERE o.status IN ('approved', 'refunded')
            GROUP BY 1, 2, 3, 4
            """),
        ("metric_customer_ltv", """
            CREATE TABLE baseline.metric_customer_ltv AS
            SELECT customer_id, sum(amount) AS lifetime_value, count(*) AS total_transactions,
                   (max(order_ts AT TIME ZONE 'UTC')::date - min(order_ts AT TIME ZONE 'UTC')::date) AS customer_age_days,
                   round(sum(amount) / greatest(max(order_ts AT TIME ZONE 'UTC')::date - min(order_ts AT TIME ZONE 'UTC')::date, 1), 2) AS avg_spend_per_day,
                   CASE WHEN sum(amount) >= (SELECT tier_platinum_min FROM baseline.settings) THEN 'Platinum'
                        WHEN sum(amount) >= (SELECT tier_gold_min FROM baseline.settings) THEN 'Gold'
                        WHEN sum(amount) >= (SELECT tier_silver_min FROM baseline.settings) THEN 'Silver' ELSE 'Bronze' END AS tier,
                   min(order_ts) AS first_transaction_ts, max(order_ts) AS last_transaction_ts
            FROM baseline.stg_orders WHERE status = 'approved'
            GROUP BY customer_id
            """),
        ("metric_avg_transaction_value", """
            CREATE TABLE baseline.metric_avg_transaction_value AS
            SELECT customer_id, avg(amount) AS avg_transaction_value, stddev_samp(amount) AS transaction_value_stddev,
                   min(amount) AS min_transaction_value, max(amount) AS max_transaction_value,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) AS median_transaction_value,
                   CASE WHEN stddev_samp(amount) IS NULL OR avg(amount) = 0 OR stddev_samp(amount) / avg(amount) < 0.5 THEN 'Consistent'
                        WHEN stddev_samp(amount) / avg(amount) < 1.0 THEN 'Moderate' ELSE 'Variable' END AS spending_consistency
            FROM baseline.stg_orders WHERE status = 'approved'
            GROUP BY customer_id
            """),
        ("metric_mom_spend_change", """
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
                   CASE WHEN prior_month_spend IS NULL OR prior_month_spend = 0 THEN NULL
                        ELSE round((monthly_spend - prior_month_spend) / prior_month_spend * 100, 2) END AS mom_change_pct,
                   month_number
            FROM filled
            """),
        ("customer_rfm", """
            CREATE TABLE baseline.customer_rfm AS
            WITH base AS (
                SELECT l.customer_id, ((SELECT as_of FROM baseline.settings) - l.last_transaction_ts::date) AS recency_days,
                       l.total_transactions AS frequency, l.lifetime_value AS monetary
                FROM baseline.metric_customer_ltv l
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
            """),
        ("cohort_retention", """
            CREATE TABLE baseline.cohort_retention AS
            WITH cohort AS (
                SELECT customer_id, date_trunc('month', acquisition_ts AT TIME ZONE 'UTC')::date AS cohort_month
                FROM baseline.stg_customers WHERE visibility_status = 'visible' AND acquisition_ts IS NOT NULL),
            active AS (
                SELECT DISTINCT customer_id, date_trunc('month', order_ts AT TIME ZONE 'UTC')::date AS month
                FROM baseline.stg_orders WHERE status = 'approved'),
            sizes AS (SELECT cohort_month, count(*) AS cohort_size FROM cohort GROUP BY 1)
            SELECT c.cohort_month,
                   ((extract(year FROM a.month) - extract(year FROM c.cohort_month)) * 12 + extract(month FROM a.month) - extract(month FROM c.cohort_month))::int AS month_offset,
                   s.cohort_size, count(DISTINCT c.customer_id) AS retained_customers,
                   round(count(DISTINCT c.customer_id)::numeric / s.cohort_size, 4) AS retention_rate
            FROM cohort c JOIN active a USING (customer_id) JOIN sizes s USING (cohort_month)
            WHERE a.month >= c.cohort_month
            GROUP BY c.cohort_month, 2, s.cohort_size
            """),
        ("customer_profile", """
            CREATE TABLE baseline.customer_profile AS
            SELECT c.customer_id, c.visibility_status, c.acquisition_ts, coalesce(l.lifetime_value, 0) AS lifetime_value,
                   coalesce(l.total_transactions, 0) AS total_transactions, l.customer_age_days, l.avg_spend_per_day,
                   coalesce(l.tier, 'Bronze') AS tier, a.avg_transaction_value, a.transaction_value_stddev, a.median_transaction_value,
                   a.spending_consistency, r.recency_days, r.segment
            FROM baseline.stg_customers c
            LEFT JOIN baseline.metric_customer_ltv l USING (customer_id)
            LEFT JOIN baseline.metric_avg_transaction_value a USING (customer_id)
            LEFT JOIN baseline.customer_rfm r USING (customer_id)
            """),
        ("customer_count_audit", """
            CREATE TABLE baseline.customer_count_audit AS
            SELECT visibility_status, count(*) AS customers FROM baseline.stg_customers GROUP BY 1
            """),
    ];

    /// <summary>
    /// One round of the side-by-side: stages the silver layer from the marts as they are now, refreshes every
    /// model (timed) and counts the rows where the two ways disagree.
    /// </summary>
    public async Task<BaselineRound> RunRoundAsync(CancellationToken cancellationToken)
    {
        var staged = await StageAsync(cancellationToken);
        var refresh = await FullRefreshAsync(cancellationToken);
        return new BaselineRound(staged, refresh, await DifferencesAsync(cancellationToken));
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
        foreach (var (name, sql) in Models)
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
    /// Rows where the baseline and the streaming marts disagree: customer-month order figures (months with
    /// orders; the streaming marts also hold web-only months), lifetime value and transactions, and the
    /// count audit. Zero when both ways computed the same answer.
    /// </summary>
    private async Task<long> DifferencesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT
              (SELECT count(*) FROM baseline.customer_month b
               FULL JOIN (SELECT * FROM mart.customer_month WHERE order_count > 0 OR refunded_amount <> 0) m USING (customer_id, period_start)
               WHERE b.order_count IS DISTINCT FROM m.order_count OR b.revenue IS DISTINCT FROM m.revenue OR b.refunded_amount IS DISTINCT FROM m.refunded_amount)
            + (SELECT count(*) FROM baseline.metric_customer_ltv b
               FULL JOIN (SELECT * FROM mart.metric_customer_ltv WHERE total_transactions > 0) m USING (customer_id)
               WHERE b.lifetime_value IS DISTINCT FROM m.lifetime_value OR b.total_transactions IS DISTINCT FROM m.total_transactions OR b.tier IS DISTINCT FROM m.tier)
            + (SELECT count(*) FROM baseline.customer_count_audit b
               FULL JOIN (SELECT * FROM mart.customer_count_audit WHERE customers > 0) m USING (visibility_status)
               WHERE b.customers IS DISTINCT FROM m.customers)
            """, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string PeriodModel(string table, string grain) => $"""
        CREATE TABLE baseline.{table} AS
        SELECT customer_id, date_trunc('{grain}', order_ts AT TIME ZONE 'UTC')::date AS period_start,
               count(*) FILTER (WHERE status = 'approved') AS order_count,
               coalesce(sum(amount) FILTER (WHERE status = 'approved'), 0) AS revenue,
               coalesce(sum(amount) FILTER (WHERE status = 'refunded'), 0) AS refunded_amount,
               avg(amount) FILTER (WHERE status = 'approved') AS avg_order_value,
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

/// <summary>A round: orders staged, the refresh, rows that differ from the streaming marts.</summary>
internal sealed record BaselineRound(long OrdersStaged, BaselineRun Refresh, long Differences);

/// <summary>One full refresh of the baseline: total time, time per model, customer-month rows built.</summary>
internal sealed record BaselineRun(TimeSpan Elapsed, IReadOnlyList<(string Model, TimeSpan Elapsed)> Models, long CustomerMonths);
