using Npgsql;

namespace CustomerStream.Projection.Queries;

/// <summary>
/// The one-customer reads behind the console's read API (<see cref="CustomerReadSql"/>), each a few index
/// probes; the key is resolved first with <see cref="MartQueries.ResolveAsync"/>, the rule <c>profile</c> uses.
/// </summary>
public sealed class CustomerReads(NpgsqlDataSource dataSource)
{
    /// <summary>The grains <see cref="PeriodsAsync"/> serves.</summary>
    public static readonly IReadOnlyList<string> Grains = ["month", "quarter", "year"];

    public Task<CustomerResolution?> ResolveAsync(string key, CancellationToken cancellationToken) =>
        new MartQueries(dataSource).ResolveAsync(key, cancellationToken);

    public async Task<CustomerProfile?> ProfileAsync(string customerId, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(CustomerReadSql.Profile, [customerId], r => new CustomerProfile(
            r.GetString(0), r.GetString(1), Value<DateTime>(r, 2), Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6), Text(r, 7), Text(r, 8), Text(r, 9),
            r.GetDecimal(10), r.GetInt64(11), r.GetDecimal(12), Value<DateTime>(r, 13), Value<DateTime>(r, 14), Value<int>(r, 15),
            Value<decimal>(r, 16), Value<decimal>(r, 17), Value<decimal>(r, 18), Value<decimal>(r, 19), Value<decimal>(r, 20),
            Value<decimal>(r, 21), Text(r, 22), r.GetString(23), Value<int>(r, 24), Value<int>(r, 25), Value<int>(r, 26), Value<int>(r, 27),
            Text(r, 28), Value<DateTime>(r, 29), r.GetInt64(30), r.GetInt64(31), r.GetInt64(32), r.GetDateTime(33)), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<List<ProfileIdentifier>> IdentifiersAsync(string customerId, CancellationToken cancellationToken) =>
        ReadAsync(CustomerReadSql.Identifiers, [customerId], r => new ProfileIdentifier(r.GetString(0), r.GetBoolean(1), Text(r, 2), Value<DateTime>(r, 3)), cancellationToken);

    /// <summary>The customer's periods of <paramref name="grain"/> (<c>month</c>, <c>quarter</c> or <c>year</c>), oldest first.</summary>
    public Task<List<CustomerPeriod>> PeriodsAsync(string customerId, string grain, CancellationToken cancellationToken)
    {
        var sql = grain switch
        {
            "month" => CustomerReadSql.Months,
            "quarter" => CustomerReadSql.Quarters,
            "year" => CustomerReadSql.Years,
            _ => throw new ArgumentException($"grain '{grain}' is not one of {string.Join(", ", Grains)}", nameof(grain)),
        };
        return ReadAsync(sql, [customerId], r => new CustomerPeriod(
            r.GetFieldValue<DateOnly>(0), r.GetInt64(1), r.GetDecimal(2), r.GetDecimal(3), Value<decimal>(r, 4), Value<DateTime>(r, 5),
            Value<DateTime>(r, 6), r.GetInt64(7), r.GetInt64(8)), cancellationToken);
    }

    /// <summary>Newest first, at most <see cref="CustomerReadSql.OrderLimit"/>; <c>More</c> says whether the customer has more.</summary>
    public async Task<(List<CustomerOrder> Orders, bool More)> OrdersAsync(string customerId, CancellationToken cancellationToken)
    {
        var orders = await ReadAsync(CustomerReadSql.Orders, [customerId], r => new CustomerOrder(
            r.GetString(0), r.GetString(1), r.GetDateTime(2), r.GetDateTime(3), r.GetString(4), r.GetDecimal(5), r.GetString(6), r.GetString(7),
            Text(r, 8), Text(r, 9), Value<int>(r, 10)), cancellationToken);
        var more = orders.Count > CustomerReadSql.OrderLimit;
        if (more)
        {
            orders.RemoveRange(CustomerReadSql.OrderLimit, orders.Count - CustomerReadSql.OrderLimit);
        }

        return (orders, more);
    }

    public Task<List<CustomerMerge>> MergesAsync(string customerId, CancellationToken cancellationToken) =>
        ReadAsync(CustomerReadSql.Merges, [customerId], r => new CustomerMerge(
            r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetDateTime(3), r.GetString(4), Text(r, 5)), cancellationToken);

    public Task<List<CustomerAlias>> AliasesAsync(string customerId, CancellationToken cancellationToken) =>
        ReadAsync(CustomerReadSql.Aliases, [customerId], r => new CustomerAlias(r.GetString(0), r.GetString(1)), cancellationToken);

    /// <summary>Why the customer <paramref name="key"/> names is one customer (<see cref="CustomerExplainer"/>); null when the key names none.</summary>
    public Task<CustomerExplanation?> ExplainAsync(string key, CancellationToken cancellationToken) =>
        new CustomerExplainer(dataSource).ExplainAsync(key, cancellationToken);

    /// <summary>
    /// Customers for a search box: the customer the text resolves to as a key (ID, alias, e-mail, identifier),
    /// then those whose e-mail address or name starts with it; at most <see cref="CustomerReadSql.SearchLimit"/>.
    /// </summary>
    public async Task<List<CustomerSearchHit>> SearchAsync(string text, CancellationToken cancellationToken)
    {
        var query = text.Trim();
        var hits = new List<CustomerSearchHit>();
        if (query.Length == 0)
        {
            return hits;
        }

        if (await ResolveAsync(query, cancellationToken) is { } resolved && await ProfileAsync(resolved.CustomerId, cancellationToken) is { } profile)
        {
            hits.Add(new CustomerSearchHit(profile.CustomerId, profile.Email, profile.FirstName, profile.LastName, profile.VisibilityStatus, profile.LifetimeValue, "key"));
        }

        var prefix = query.ToLowerInvariant();
        var words = prefix.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var searches = new List<(string Sql, string Prefix, string By)> { (CustomerReadSql.SearchByEmail, prefix, "email"), (CustomerReadSql.SearchByName, string.Join(' ', words), "name") };
        if (words.Length > 1)
        {
            // "first last" as typed, searched as "last first" the way the index holds names.
            searches.Add((CustomerReadSql.SearchByName, string.Join(' ', words[1..].Append(words[0])), "name"));
        }

        foreach (var (sql, start, by) in searches)
        {
            var found = await ReadAsync(sql, [start, CustomerReadSql.PrefixUpperBound(start)], r => new CustomerSearchHit(
                r.GetString(0), Text(r, 1), Text(r, 2), Text(r, 3), r.GetString(4), r.GetDecimal(5), by), cancellationToken);
            hits.AddRange(found.Where(f => hits.TrueForAll(h => h.CustomerId != f.CustomerId)));
        }

        return hits.Take(CustomerReadSql.SearchLimit).ToList();
    }

    /// <summary>The four visibility buckets of <c>mart.customer_count_audit</c>, in contract order.</summary>
    public Task<List<AuditBucket>> CountAsync(CancellationToken cancellationToken) =>
        ReadAsync(CustomerReadSql.CountAudit, [], r => new AuditBucket(r.GetString(0), r.GetInt64(1)), cancellationToken);

    private async Task<List<T>> ReadAsync<T>(string sql, string[] arguments, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var argument in arguments)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = argument });
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static T? Value<T>(NpgsqlDataReader reader, int ordinal)
        where T : struct => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
