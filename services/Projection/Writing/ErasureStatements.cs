using CustomerStream.Projection.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CustomerStream.Projection.Writing;

/// <summary>
/// What forgetting a person deletes beyond the customer's own rows (which its removal deletes like a merge's):
/// every identity link, piece of evidence and alias of the person under any of its IDs, and the rejected input
/// lines that carried one of its e-mails or source ids; and the ledger row that remembers the erasure.
/// </summary>
/// <remarks>
/// The person's IDs are the erased IDs and every ID merged into them (aliases, anonymous profiles), followed
/// through the stored merges. A rejected line is the person's when it contains one of their e-mail addresses
/// (any case), or one of their source customer ids as a whole comma-separated field of a line of that source, or
/// as the JSON string value of <c>user_id</c>. The statements read the links before deleting them, so they run in
/// this order, in the batch's transaction, after the batch's own writes.
/// </remarks>
internal static class ErasureStatements
{
    private const string Names = $"""
        WITH RECURSIVE names(id, depth) AS (
            SELECT x, 0 FROM unnest($1::text[]) AS x
            UNION
            SELECT a.id::text, n.depth + 1 FROM {ProjectionTables.PrivateSchema}.mt_doc_{ProjectionTables.CustomerAliasAlias} a
            JOIN names n ON a.survivor_id = n.id WHERE n.depth < 64),
        ids AS (SELECT DISTINCT id FROM names),
        identifiers AS (SELECT l.identifier, l.namespace, substr(l.identifier, length(l.namespace) + 2) AS value
                        FROM {ProjectionTables.IdentityLink} l WHERE l.customer_id IN (SELECT id FROM ids))
        """;

    private static readonly string RejectedSql = $"""
        {Names},
        gone AS (
            DELETE FROM {ProjectionTables.PrivateSchema}.mt_doc_{ProjectionTables.RejectedRecordAlias} r
            WHERE EXISTS (
                SELECT 1 FROM identifiers i
                WHERE (i.namespace = 'email' AND strpos(lower(r.raw), i.value) > 0)
                   OR (i.namespace NOT IN ('email', 'device', 'cookie') AND (
                          (lower(r.source_system) = i.namespace AND (',' || r.raw || ',') LIKE ('%,' || i.value || ',%'))
                       OR regexp_replace(r.raw, '\s', '', 'g') LIKE ('%"user_id":"' || i.value || '"%'))))
            RETURNING r.id::text AS id)
        INSERT INTO projection.erased_rejections (rejection_id) SELECT id FROM gone ON CONFLICT DO NOTHING
        """;

    private static readonly string IdsSql = $"""
        {Names}
        INSERT INTO projection.erased_ids (customer_id) SELECT id FROM ids ON CONFLICT DO NOTHING
        """;

    private static readonly string EvidenceSql = $"""
        {Names}
        DELETE FROM {ProjectionTables.IdentityEvidence} e
        WHERE e.identifier IN (SELECT identifier FROM identifiers) OR e.linked_identifier IN (SELECT identifier FROM identifiers)
        """;

    private static readonly string LinksSql = $"""
        {Names}
        DELETE FROM {ProjectionTables.IdentityLink} l WHERE l.customer_id IN (SELECT id FROM ids)
        """;

    private static readonly string AliasesSql = $"""
        {Names}
        DELETE FROM {ProjectionTables.PrivateSchema}.mt_doc_{ProjectionTables.CustomerAliasAlias} a
        WHERE a.id::text IN (SELECT id FROM ids) OR a.survivor_id IN (SELECT id FROM ids)
        """;

    /// <summary>Records the erasures of <paramref name="customers"/> and deletes everything else of theirs.</summary>
    public static IEnumerable<NpgsqlBatchCommand> Of(IReadOnlyList<FoldedCustomer> customers, DateTime now)
    {
        var ledger = new NpgsqlBatchCommand("""
            INSERT INTO projection.erasures (customer_id, erasure_id, erased_at, applied_at)
            SELECT * , $4 FROM unnest($1::text[], $2::text[], $3::timestamptz[])
            ON CONFLICT (customer_id) DO NOTHING
            """);
        ledger.Parameters.Add(Texts(customers.Select(c => c.CustomerId)));
        ledger.Parameters.Add(Texts(customers.Select(c => c.ErasureId!)));
        ledger.Parameters.Add(new NpgsqlParameter { Value = customers.Select(c => c.ChangedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        ledger.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        yield return ledger;
        foreach (var command in Cleanup(customers.Select(c => c.CustomerId).ToArray()))
        {
            yield return command;
        }
    }

    /// <summary>The deletes for <paramref name="customerIds"/> (already in the ledger), in the order they must run.</summary>
    public static IEnumerable<NpgsqlBatchCommand> Cleanup(string[] customerIds)
    {
        foreach (var sql in new[] { IdsSql, RejectedSql, EvidenceSql, LinksSql, AliasesSql })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(Texts(customerIds));
            yield return command;
        }
    }

    /// <summary>Applies the whole ledger again (the end of a rebuild's replay, which brought back what it had deleted).</summary>
    public static async Task<int> ApplyLedgerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        string[] ids;
        await using (var read = new NpgsqlCommand("SELECT customer_id FROM projection.erasures", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            var list = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(reader.GetString(0));
            }

            ids = [.. list];
        }

        if (ids.Length == 0)
        {
            return 0;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in Cleanup(ids))
        {
            batch.BatchCommands.Add(command);
        }

        return await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the links of the batch whose customer was erased before, with their evidence: identity wrote them
    /// before the erasure, but the projection read them after it (behind on identity.links.v1 alone).
    /// </summary>
    public static NpgsqlBatchCommand LateLinks(IEnumerable<string> customerIds)
    {
        var command = new NpgsqlBatchCommand($"""
            WITH gone AS (
                DELETE FROM {ProjectionTables.IdentityLink} l USING projection.erased_ids e
                WHERE l.customer_id = e.customer_id AND e.customer_id = ANY($1)
                RETURNING l.identifier)
            DELETE FROM {ProjectionTables.IdentityEvidence} v
            WHERE v.identifier IN (SELECT identifier FROM gone) OR v.linked_identifier IN (SELECT identifier FROM gone)
            """);
        command.Parameters.Add(Texts(customerIds.Distinct(StringComparer.Ordinal)));
        return command;
    }

    /// <summary>Deletes the rejections of the batch that an erasure deleted before (a replay of the rejected topic).</summary>
    public static NpgsqlBatchCommand ErasedRejections(IEnumerable<string> rejectionIds)
    {
        var command = new NpgsqlBatchCommand($"""
            DELETE FROM {ProjectionTables.PrivateSchema}.mt_doc_{ProjectionTables.RejectedRecordAlias} r
            USING projection.erased_rejections e
            WHERE r.id::text = e.rejection_id AND r.id::text = ANY($1)
            """);
        command.Parameters.Add(Texts(rejectionIds));
        return command;
    }

    private static NpgsqlParameter Texts(IEnumerable<string> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
