using System.Diagnostics;
using System.Globalization;
using CustomerStream.Contracts.Primitives;
using Npgsql;

namespace CustomerStream.Projection.Queries;

/// <summary>
/// The read side the CLI needs: <c>audit customers</c>, <c>profile ID|EMAIL</c> and the mart row counts
/// of <c>status</c>. Reads the same relations BI tools read, so the CLI and SQL always agree.
/// </summary>
public sealed class MartQueries(NpgsqlDataSource dataSource)
{
    /// <summary>How a profile's visibility status is decided, for people (the audit's derivation).</summary>
    public const string VisibilityRule =
        "Each profile has one visibility status, decided in this order: anonymous (no strong identifier: e-mail or source customer id), " +
        "test (a customer-master record flagged test), deleted (every customer-master record deleted), else visible.";

    private const int MaxAliasHops = 64;

    /// <summary>Relations with stored rows, as <c>status</c> lists them (the metric views are computed from these).</summary>
    public async Task<IReadOnlyList<MartRowCount>> RowCountsAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT 'customer_profile', count(*) FROM projection.live_customer
            UNION ALL SELECT 'customer_' || grain, count(*) FROM projection.customer_period GROUP BY grain
            UNION ALL SELECT 'customer_period_unit', count(*) FROM projection.customer_period_unit
            UNION ALL SELECT 'orders', count(*) FROM projection.customer_order
            UNION ALL SELECT 'identity_links', count(*) FROM projection.identity_link
            UNION ALL SELECT 'customer_aliases', count(*) FROM mart.customer_aliases
            UNION ALL SELECT 'customer_merges', count(*) FROM projection.active_alias
            UNION ALL SELECT 'rejected_records', count(*) FROM projection.mt_doc_rejected_record
            """;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        string[] order = ["customer_profile", "customer_month", "customer_quarter", "customer_year", "customer_period_unit", "orders", "identity_links", "customer_aliases", "customer_merges", "rejected_records"];
        return order.Select(r => new MartRowCount(r, counts.GetValueOrDefault(r))).ToList();
    }

    public async Task<MartOverview> OverviewAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        long customers, orders, months;
        decimal revenue, refunded;
        await using (var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM projection.live_customer WHERE visibility_status = 'visible'),
                   (SELECT COALESCE(sum(lifetime_value), 0) FROM projection.live_customer WHERE visibility_status = 'visible'),
                   (SELECT COALESCE(sum(refunded_amount), 0) FROM projection.live_customer WHERE visibility_status = 'visible'),
                   (SELECT count(*) FROM projection.customer_order),
                   (SELECT count(*) FROM projection.customer_period WHERE grain = 'month')
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (customers, revenue, refunded, orders, months) = (reader.GetInt64(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetInt64(3), reader.GetInt64(4));
        }

        var segments = new List<SegmentFigure>();
        await using (var command = new NpgsqlCommand(
            "SELECT segment, count(*), sum(monetary) FROM mart.customer_rfm GROUP BY segment ORDER BY count(*) DESC, segment", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                segments.Add(new SegmentFigure(reader.GetString(0), reader.GetInt64(1), reader.GetDecimal(2)));
            }
        }

        return new MartOverview(customers, revenue, refunded, orders, months, segments);
    }

    public async Task<CustomerAudit> AuditCustomersAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        var buckets = new List<AuditBucket>();
        await using (var command = new NpgsqlCommand("SELECT visibility_status, customers FROM mart.customer_count_audit ORDER BY sort_order", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                buckets.Add(new AuditBucket(reader.GetString(0), reader.GetInt64(1)));
            }
        }

        var sources = new List<SourceCount>();
        await using (var command = new NpgsqlCommand("""
            SELECT split_part(i, ':', 1) AS source, count(DISTINCT c.customer_id)
            FROM projection.live_customer c, unnest(c.identifiers) AS i
            WHERE c.visibility_status = 'visible' AND split_part(i, ':', 1) NOT IN ('device', 'cookie')
            GROUP BY 1 ORDER BY 2 DESC, 1
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sources.Add(new SourceCount(reader.GetString(0), reader.GetInt64(1)));
            }
        }

        long aliases, rejected;
        DateTime? asOf;
        await using (var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM projection.active_alias),
                   (SELECT count(*) FROM projection.mt_doc_rejected_record),
                   (SELECT max(updated_at) FROM projection.customer)
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            aliases = reader.GetInt64(0);
            rejected = reader.GetInt64(1);
            asOf = reader.IsDBNull(2) ? null : reader.GetDateTime(2);
        }

        var visible = buckets.FirstOrDefault(b => b.VisibilityStatus == "visible")?.Customers ?? 0;
        var total = buckets.Sum(b => b.Customers);
        var derivation = new List<string>
        {
            $"{total.ToString("N0", CultureInfo.InvariantCulture)} stitched profiles (one per live Customer360 ID; {aliases.ToString("N0", CultureInfo.InvariantCulture)} merged-away IDs are aliases and not counted).",
            VisibilityRule,
            $"Customers = visible = {visible.ToString("N0", CultureInfo.InvariantCulture)}: SELECT customers FROM mart.customer_count_audit WHERE visibility_status = 'visible'.",
            "By source: visible customers holding at least one strong identifier of that source; a customer known to several sources counts in each, so these rows may add up to more than the total.",
            $"{rejected.ToString("N0", CultureInfo.InvariantCulture)} rejected input records are in mart.rejected_records and count nowhere.",
            "Definitions: contracts/README.md (the customer definition contract).",
        };
        return new CustomerAudit(visible, buckets, sources, aliases, rejected, asOf, derivation, clock.Elapsed);
    }

    /// <summary>
    /// Finds a customer by Customer360 ID (aliases are followed to the live customer), e-mail address or
    /// identifier (<c>crm:123</c>); null when nothing matches.
    /// </summary>
    public async Task<CustomerProfileReport?> FindProfileAsync(string query, CancellationToken cancellationToken)
    {
        if (await ResolveAsync(query, cancellationToken) is not { } resolved)
        {
            return null;
        }

        var (text, id, via) = resolved;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var fields = new List<KeyValuePair<string, object?>>();
        await using (var command = new NpgsqlCommand("SELECT * FROM mart.customer_profile WHERE customer_id = $1", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            for (var i = 0; i < reader.FieldCount; i++)
            {
                fields.Add(new(reader.GetName(i), reader.IsDBNull(i) ? null : reader.GetValue(i)));
            }
        }

        var identifiers = new List<ProfileIdentifier>();
        await using (var command = new NpgsqlCommand("""
            SELECT identifier, is_strong, source_system, first_seen_ts FROM mart.identity_links WHERE customer_id = $1
            UNION ALL
            SELECT i, split_part(i, ':', 1) NOT IN ('device', 'cookie'), NULL, NULL
            FROM projection.customer c, unnest(c.identifiers) AS i
            WHERE c.customer_id = $1 AND NOT EXISTS (SELECT 1 FROM projection.identity_link l WHERE l.identifier = i AND l.customer_id = $1)
            ORDER BY 1
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                identifiers.Add(new ProfileIdentifier(reader.GetString(0), reader.GetBoolean(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetDateTime(3)));
            }
        }

        var periods = new List<ProfilePeriod>();
        await using (var command = new NpgsqlCommand("""
            SELECT grain, period_start, order_count, revenue, refunded_amount,
                   CASE WHEN order_count > 0 THEN round(revenue / order_count, 4) END, web_sessions, page_views
            FROM projection.customer_period WHERE customer_id = $1
            ORDER BY CASE grain WHEN 'month' THEN 1 WHEN 'quarter' THEN 2 ELSE 3 END, period_start
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                periods.Add(new ProfilePeriod(reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt64(2), reader.GetDecimal(3),
                    reader.GetDecimal(4), reader.IsDBNull(5) ? null : reader.GetDecimal(5), reader.GetInt64(6), reader.GetInt64(7)));
            }
        }

        return new CustomerProfileReport(text, id, via, fields, identifiers, periods);
    }

    /// <summary>
    /// The live customer a query names: a Customer360 ID (aliases and removed IDs are followed to the live
    /// customer), an e-mail address or an identifier (<c>crm:123</c>), with the steps that led there; null when
    /// nothing matches. The lookup <c>profile</c>, <c>explain</c> and the read API share.
    /// </summary>
    public async Task<CustomerResolution?> ResolveAsync(string query, CancellationToken cancellationToken)
    {
        var text = query.Trim();
        var via = new List<string>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        string? id = text;
        if (!Customer360Id.IsWellFormed(text))
        {
            var identifier = text.Contains('@', StringComparison.Ordinal) && !text.Contains(':', StringComparison.Ordinal)
                ? $"email:{text.ToLowerInvariant()}"
                : text.StartsWith("email:", StringComparison.OrdinalIgnoreCase) ? text.ToLowerInvariant() : text;
            id = await ScalarAsync(connection, "SELECT customer_id FROM projection.identity_link WHERE identifier = $1", identifier, cancellationToken);
            if (id is not null)
            {
                via.Add($"{identifier} → {id}");
            }
            else if (identifier.StartsWith("email:", StringComparison.Ordinal))
            {
                id = await ScalarAsync(connection,
                    "SELECT customer_id FROM projection.live_customer WHERE lower(email) = $1 ORDER BY visibility_status = 'visible' DESC, customer_id LIMIT 1",
                    identifier["email:".Length..], cancellationToken);
                if (id is not null)
                {
                    via.Add($"profile e-mail {identifier["email:".Length..]} → {id}");
                }
            }
        }

        if (id is null)
        {
            return null;
        }

        for (var hop = 0; hop < MaxAliasHops; hop++)
        {
            var next = await ScalarAsync(connection, "SELECT survivor_id FROM projection.active_alias WHERE merged_id = $1", id, cancellationToken);
            var how = "merged into";
            if (next is null)
            {
                next = await ScalarAsync(connection, "SELECT merged_into FROM projection.customer WHERE customer_id = $1 AND removed", id, cancellationToken);
                how = "removed, merged into";
            }

            if (next is null && !await ExistsAsync(connection, id, cancellationToken))
            {
                // An ID no merge event named: the ID one of a live customer's strong identifiers derives.
                next = await ScalarAsync(connection, "SELECT resolved_id FROM mart.customer_aliases WHERE merged_id = $1 ORDER BY linking_identifier LIMIT 1", id, cancellationToken);
                how = "derived from an identifier of";
            }

            if (next is null || next == id)
            {
                break;
            }

            via.Add($"{id} ({how}) → {next}");
            id = next;
        }

        return await ExistsAsync(connection, id, cancellationToken) ? new CustomerResolution(text, id, via) : null;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string id, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, "SELECT customer_id FROM projection.customer WHERE customer_id = $1 AND live", id, cancellationToken) is not null;

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql, string argument, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = argument });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
