using System.Globalization;
using Npgsql;

namespace CustomerStream.Projection.Queries;

/// <summary>
/// Explains a customer: why its identifiers are one customer (the records that linked them, as identity
/// recorded them on its links), which identifier names it and by which rule, which devices and cookies are
/// attributed to it and by which login, and the merges and aliases that end in it. Reads the projection's
/// tables in clear (its callers — the CLI, the read API — run as the projection's database user), with the
/// statements of <see cref="CustomerReadSql"/>, each a few index probes for the one customer.
/// </summary>
public sealed class CustomerExplainer(NpgsqlDataSource dataSource)
{
    private readonly MartQueries _queries = new(dataSource);

    /// <summary>The explanation of the customer <paramref name="query"/> names (ID, alias, e-mail or identifier); null when none.</summary>
    public async Task<CustomerExplanation?> ExplainAsync(string query, CancellationToken cancellationToken)
    {
        if (await _queries.ResolveAsync(query, cancellationToken) is not { } resolved)
        {
            return null;
        }

        var id = resolved.CustomerId;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var profile = await RowsAsync(connection, CustomerReadSql.ExplainSubject, id,
            r => (Visibility: r.GetString(0), AcquiredAt: r.IsDBNull(1) ? (DateTime?)null : r.GetDateTime(1), Source: r.IsDBNull(2) ? null : r.GetString(2)), cancellationToken);
        if (profile.Count == 0)
        {
            return null;
        }

        var links = await RowsAsync(connection, CustomerReadSql.ExplainLinks, id,
            r => (Identifier: r.GetString(0), DerivedId: r.GetString(1), IsStrong: r.GetBoolean(2)), cancellationToken);
        var strong = links.Where(l => l.IsStrong).Select(l => l.Identifier).ToList();
        var evidence = (await RowsAsync(connection, CustomerReadSql.Evidence, id,
            r => new LinkEvidence(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetDateTime(4)),
            cancellationToken)).Distinct().ToList();

        var anchor = links.FirstOrDefault(l => l.DerivedId == id).Identifier;
        var (chain, unexplained) = Chain(anchor, strong, evidence);
        var weak = links.Where(l => !l.IsStrong).Select(l => Weak(l.Identifier, strong, evidence)).ToList();
        // The records between two identifiers the customer holds now: a device's login as somebody else is theirs.
        var held = links.Select(l => l.Identifier).ToHashSet(StringComparer.Ordinal);
        var records = evidence.Where(e => held.Contains(e.From) && held.Contains(e.To)).ToList();
        var merges = await RowsAsync(connection, CustomerReadSql.Merges, id,
            r => new CustomerMerge(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetDateTime(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)), cancellationToken);
        var aliases = await RowsAsync(connection, CustomerReadSql.Aliases, id, r => new CustomerAlias(r.GetString(0), r.GetString(1)), cancellationToken);

        var (visibility, acquiredAt, source) = profile[0];
        return new CustomerExplanation(resolved.Query, id, resolved.ResolvedVia, visibility, strong, chain, unexplained,
            Survivor(id, anchor, acquiredAt, source), weak, records, merges, aliases);
    }

    /// <summary>
    /// The evidence chain: a breadth-first walk over the recorded pairs from the survivor's identifier, one step
    /// per strong identifier reached (the earliest record first where several link the same two).
    /// </summary>
    private static (List<LinkEvidence> Chain, List<string> Unexplained) Chain(string? anchor, List<string> strong, List<LinkEvidence> evidence)
    {
        var members = strong.ToHashSet(StringComparer.Ordinal);
        var chain = new List<LinkEvidence>();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var start = anchor is not null && members.Contains(anchor) ? anchor : strong.FirstOrDefault();
        if (start is not null)
        {
            reached.Add(start);
            var queue = new Queue<string>([start]);
            while (queue.TryDequeue(out var from))
            {
                foreach (var e in evidence)
                {
                    if (e.Other(from) is { } to && members.Contains(to) && reached.Add(to))
                    {
                        chain.Add(e with { From = from, To = to });
                        queue.Enqueue(to);
                    }
                }
            }
        }

        return (chain, strong.Where(s => !reached.Contains(s)).ToList());
    }

    private static WeakAttribution Weak(string weak, List<string> strong, List<LinkEvidence> evidence)
    {
        // Latest login wins: the newest recorded login on this device or cookie by one of the customer's identifiers.
        var login = evidence.Where(e => e.From == weak && strong.Contains(e.To, StringComparer.Ordinal)).MaxBy(e => e.RecordTs);
        return login is null
            ? new WeakAttribution(weak, null, null, null, null,
                "no login by this customer is recorded on it: its anonymous events joined the customer with the anonymous profile they formed (see the merges)")
            : new WeakAttribution(weak, login.To, login.SourceSystem, login.SourceRef, login.RecordTs,
                $"logged in as {login.To} at {Format(login.RecordTs)} (record {login.SourceRef}): the latest login on it wins its events from then on, and its earlier anonymous events");
    }

    private static SurvivorChoice Survivor(string id, string? anchor, DateTime? acquiredAt, string? source)
    {
        var rule = anchor is null
            ? $"{id} is the ID of an identifier this customer no longer holds (its identifiers resolve here through merges)"
            : acquiredAt is null
                ? $"no identifier has acquisition evidence (a customer-master created_at, an approved order, a signup or login): the customer keeps the smallest ID its identifiers derive, {id} from {anchor}"
                : $"{anchor} was acquired earliest ({Format(acquiredAt)}, from {source}): the customer keeps the ID it derives, {id}; every other customer ID merged into it became an alias (ties: the smaller ID)";
        return new SurvivorChoice(anchor, acquiredAt, source, rule);
    }

    private static string Format(DateTime? at) => at?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "an unknown time";

    private static async Task<List<T>> RowsAsync<T>(NpgsqlConnection connection, string sql, string argument, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = argument });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
