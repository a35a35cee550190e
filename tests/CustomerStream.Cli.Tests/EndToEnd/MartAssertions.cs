using CustomerStream.Generation;
using Npgsql;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>What the marts must hold, checked against the ground truth and the contract's guarantees.</summary>
internal static class MartAssertions
{
    public static async Task MatchGroundTruthAsync(string connectionString, GroundTruth truth)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var everyone = truth.Customers.Concat(truth.AnonymousProfiles).ToList();

        // Customer × month: every row, every figure.
        var expectedMonths = everyone.SelectMany(c => c.Months.Select(m => (Key: $"{c.CustomerId} {m.Month}", Row: (m.OrderCount, m.Revenue, m.RefundedAmount, m.WebSessions, m.PageViews))))
            .ToDictionary(e => e.Key, e => e.Row);
        var months = await RowsAsync(dataSource,
            "SELECT customer_id || ' ' || to_char(period_start, 'YYYY-MM'), order_count, revenue, refunded_amount, web_sessions, page_views FROM mart.customer_month",
            r => (r.GetString(0), (Convert.ToInt32(r.GetValue(1)), r.GetDecimal(2), r.GetDecimal(3), Convert.ToInt32(r.GetValue(4)), Convert.ToInt32(r.GetValue(5)))));
        Assert.Equal(expectedMonths.Count, months.Count);
        Assert.All(months, m => Assert.Equal(expectedMonths.GetValueOrDefault(m.Item1), m.Item2));

        // Quarters and years: the order figures are sums of the months (sessions are distinct per period, not sums).
        foreach (var (grain, table) in new[] { ("quarter", "customer_quarter"), ("year", "customer_year") })
        {
            var expected = everyone.SelectMany(c => c.Months.Select(m => (Key: $"{c.CustomerId} {PeriodOf(m.Month, grain)}", m)))
                .GroupBy(e => e.Key)
                .ToDictionary(g => g.Key, g => (g.Sum(e => e.m.OrderCount), g.Sum(e => e.m.Revenue), g.Sum(e => e.m.RefundedAmount)));
            var rows = await RowsAsync(dataSource,
                $"SELECT customer_id || ' ' || to_char(period_start, 'YYYY-MM'), order_count, revenue, refunded_amount FROM mart.{table}",
                r => (r.GetString(0), (Convert.ToInt32(r.GetValue(1)), r.GetDecimal(2), r.GetDecimal(3))));
            Assert.Equal(expected.Count, rows.Count);
            Assert.All(rows, row => Assert.Equal(expected.GetValueOrDefault(row.Item1), row.Item2));
        }

        // Profiles: one per live Customer360 ID, with the truth's visibility and acquisition.
        var profiles = (await RowsAsync(dataSource, "SELECT customer_id, visibility_status, acquisition_ts FROM mart.customer_profile",
            r => (r.GetString(0), (r.GetString(1), r.IsDBNull(2) ? (DateTime?)null : r.GetDateTime(2))))).ToDictionary(p => p.Item1, p => p.Item2);
        Assert.Equal(everyone.Count, profiles.Count);
        Assert.All(everyone, c => Assert.Equal((c.VisibilityStatus, c.AcquisitionTs), profiles.GetValueOrDefault(c.CustomerId)));
        var visible = await ScalarAsync(dataSource, "SELECT customers FROM mart.customer_count_audit WHERE visibility_status = 'visible'");
        Assert.Equal(truth.Totals.Visible, Convert.ToInt32(visible));

        // Aliases: every customer ID a merge ever announced that is not live resolves, through the data-derived
        // aliases, to the same live customer as through the merge history (anonymous profiles joining a customer,
        // linked by a device or cookie, are only in the history); and no alias is a profile.
        Assert.Equal(0L, await ScalarAsync(dataSource, """
            SELECT count(*) FROM mart.customer_merges m
            WHERE split_part(m.linking_identifier, ':', 1) NOT IN ('device', 'cookie')
              AND NOT EXISTS (SELECT 1 FROM mart.customer_profile p WHERE p.customer_id = m.merged_id)
              AND NOT EXISTS (SELECT 1 FROM mart.customer_aliases a WHERE a.merged_id = m.merged_id AND a.resolved_id = m.resolved_id)
            """));
        Assert.Equal(0L, await ScalarAsync(dataSource, "SELECT count(*) FROM mart.customer_aliases a JOIN mart.customer_profile p ON p.customer_id = a.merged_id"));
        Assert.Equal(0L, await ScalarAsync(dataSource, "SELECT count(*) FROM mart.customer_aliases a WHERE NOT EXISTS (SELECT 1 FROM mart.customer_profile p WHERE p.customer_id = a.resolved_id)"));

        // No duplicate customer-period rows, and the mandatory columns are filled.
        foreach (var table in new[] { "customer_month", "customer_quarter", "customer_year" })
        {
            Assert.Equal(0L, await ScalarAsync(dataSource, $"SELECT count(*) FROM (SELECT customer_id, period_start FROM mart.{table} GROUP BY 1, 2 HAVING count(*) > 1) d"));
            Assert.Equal(0L, await ScalarAsync(dataSource,
                $"SELECT count(*) FROM mart.{table} WHERE customer_id IS NULL OR period_start IS NULL OR order_count IS NULL OR revenue IS NULL OR refunded_amount IS NULL OR web_sessions IS NULL OR page_views IS NULL OR updated_at IS NULL"));
        }

        Assert.Equal(0L, await ScalarAsync(dataSource,
            "SELECT count(*) FROM (SELECT 1 FROM mart.customer_period_unit GROUP BY customer_id, grain, period_start, business_unit HAVING count(*) > 1) d"));
        Assert.Equal(0L, await ScalarAsync(dataSource,
            "SELECT count(*) FROM mart.customer_profile WHERE customer_id IS NULL OR visibility_status IS NULL OR lifetime_value IS NULL OR total_transactions IS NULL OR version IS NULL OR updated_at IS NULL"));
    }

    /// <summary>A query a downstream team would run: profiles joined with their months and orders.</summary>
    public static async Task<string> DownstreamQueryAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return (string)(await ScalarAsync(dataSource, """
            SELECT coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), 'empty') FROM (
                SELECT p.customer_id, p.tier, p.lifetime_value, m.period_start, m.revenue, count(o.order_id) AS orders
                FROM mart.customer_profile p
                JOIN mart.customer_month m USING (customer_id)
                LEFT JOIN mart.orders o ON o.customer_id = p.customer_id AND date_trunc('month', o.order_ts) = m.period_start
                WHERE p.visibility_status = 'visible'
                GROUP BY 1, 2, 3, 4, 5) t
            """))!;
    }

    public static async Task<string> AnyBusinessUnitAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return (string)(await ScalarAsync(dataSource, "SELECT min(business_unit) FROM mart.customer_period_unit"))!;
    }

    public static async Task BiRoleReadsOnlyMartAsync(string connectionString)
    {
        var bi = new NpgsqlConnectionStringBuilder(connectionString) { Username = "customerstream_bi", Password = "customerstream_bi", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(bi);
        await connection.OpenAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM mart.customer_profile", connection))
        {
            Assert.True((long)(await read.ExecuteScalarAsync())! > 0);
        }

        foreach (var sql in new[]
                 {
                     "DELETE FROM mart.customer_month",
                     "UPDATE mart.customer_profile SET tier = 'x'",
                     "CREATE TABLE mart.mine (x int)",
                     "SELECT count(*) FROM projection.customer_order",
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var e = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.True(e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectNotInPrerequisiteState or PostgresErrorCodes.WrongObjectType or PostgresErrorCodes.FeatureNotSupported,
                $"{sql}: {e.SqlState} {e.MessageText}");
        }
    }

    private static string PeriodOf(string month, string grain)
    {
        var year = month[..4];
        var m = int.Parse(month[5..], System.Globalization.CultureInfo.InvariantCulture);
        return grain == "year" ? $"{year}-01" : $"{year}-{(((m - 1) / 3 * 3) + 1):00}";
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<T>> RowsAsync<T>(NpgsqlDataSource dataSource, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
