using System.Diagnostics;
using CustomerStream.Projection.Storage;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace CustomerStream.Projection.Writing;

/// <summary>
/// Applies batches of aggregator changes, identity links, merges and rejections to the projection's
/// tables, one PostgreSQL transaction per batch. Every write is idempotent: a customer change applies
/// only when its version is above the stored one, links and aliases only when newer, rejections once per
/// rejection id; so replaying a batch (at-least-once delivery) or an older one changes nothing.
/// </summary>
/// <remarks>
/// A batch costs three round trips whatever its size: (1) locks and the stored versions of its customers,
/// (2) every delete and upsert as one <see cref="NpgsqlBatch"/>, one set-based statement per table, and
/// (3) the commit. Changes of one customer are folded first, so each row is written once per batch, and a
/// row whose content did not change is not rewritten.
/// </remarks>
public sealed class MartWriter
{
    private const int MaxAttempts = 5;

    private readonly NpgsqlDataSource _dataSource;
    private readonly DocumentBulkWriter _bulk;
    private readonly TimeProvider _time;

    public MartWriter(NpgsqlDataSource dataSource, IDocumentStore store, TimeProvider? time = null)
    {
        _dataSource = dataSource;
        _bulk = new DocumentBulkWriter(store.Options.Serializer());
        _time = time ?? TimeProvider.System;
    }

    internal TimeProvider Time => _time;

    /// <summary>Applies <paramref name="batch"/> in one transaction; retried from scratch on a deadlock or serialization failure.</summary>
    public async Task<BatchResult> ApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return BatchResult.Empty;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var result = await ApplyInTransactionAsync(transaction, batch, cancellationToken, shareRebuildLock: true);
                var committing = Stopwatch.GetTimestamp();
                await transaction.CommitAsync(cancellationToken);
                return result with { Elapsed = Stopwatch.GetElapsedTime(started), Committing = Stopwatch.GetElapsedTime(committing) };
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), _time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Applies <paramref name="batch"/> inside a <paramref name="transaction"/> the caller owns (a rebuild applies its
    /// whole replay in one). <paramref name="shareRebuildLock"/>: take the rebuild lock shared first (live batches),
    /// so that a rebuild in progress holds this batch back.
    /// </summary>
    internal async Task<BatchResult> ApplyInTransactionAsync(
        NpgsqlTransaction transaction, ProjectionBatch batch, CancellationToken cancellationToken, bool shareRebuildLock = false)
    {
        var connection = transaction.Connection ?? throw new InvalidOperationException("The transaction has no connection");
        var now = _time.GetUtcNow().UtcDateTime;
        var ids = batch.Changes.Count == 0 ? [] : batch.Changes.Select(c => c.CustomerId).Distinct(StringComparer.Ordinal).ToArray();

        // Round trip 1: locks, session settings and the stored versions.
        var (stored, scorer) = await PrepareAsync(connection, batch, ids, shareRebuildLock, cancellationToken);

        var preparing = Stopwatch.GetTimestamp();
        var folded = CustomerChangeFolder.Fold(batch.Changes, stored, out var skipped);
        var copy = folded.Where(f => !stored.ContainsKey(f.CustomerId)).Sum(f => 1 + f.Periods.Count + f.Orders.Count) >= CopyFromRows;
        var statements = Stage(batch, folded, stored, scorer, now, copy);
        var prepared = Stopwatch.GetElapsedTime(preparing);

        int written = 0, deleted = 0;
        if (copy)
        {
            // A savepoint, so that a row that exists after all (it cannot, unless something else wrote the tables)
            // costs a retry with upserts rather than the batch.
            await ExecuteAsync(connection, transaction, "SAVEPOINT fresh_rows", cancellationToken);
            try
            {
                written += await statements.CopyAsync(connection, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await ExecuteAsync(connection, transaction, "ROLLBACK TO SAVEPOINT fresh_rows", cancellationToken);
                statements = Stage(batch, folded, stored, scorer, now, copyFresh: false);
                written = 0;
            }
        }

        var writes = statements.Build();
        writes.AddRange(AliasesAndRejections(batch, now));
        var erased = folded.Where(f => f is { Removed: true, ErasureId: not null }).ToList();
        if (erased.Count > 0)
        {
            // After the batch's own writes: a link or rejection of the person in this very batch goes too.
            writes.AddRange(ErasureStatements.Of(erased, now));
        }

        if (batch.Links.Count > 0)
        {
            writes.Add(ErasureStatements.LateLinks(batch.Links.Select(l => l.CustomerId)));
        }

        // Round trip 2: every delete and upsert.
        if (writes.Count > 0)
        {
            await using var write = new NpgsqlBatch(connection, transaction);
            foreach (var command in writes)
            {
                write.BatchCommands.Add(command);
            }

            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var command in writes)
        {
            var rows = (int)command.RecordsAffected;
            if (command.StatementType == StatementType.Delete)
            {
                deleted += rows;
            }
            else if (command.StatementType == StatementType.Insert)
            {
                written += rows;
            }
        }

        return new BatchResult(folded.Sum(f => f.AppliedChanges), skipped, written, deleted, TimeSpan.Zero) { Preparing = prepared };
    }

    /// <summary>New customers' rows go in by COPY from this many rows in a batch; fewer are cheaper as part of the upserts' round trip.</summary>
    private const int CopyFromRows = 2_000;

    private static BatchStatements Stage(
        ProjectionBatch batch, List<FoldedCustomer> folded, Dictionary<string, long> stored, RfmScorer? scorer, DateTime now, bool copyFresh)
    {
        var statements = new BatchStatements(now, scorer);
        statements.AddCustomers(folded, stored, copyFresh);
        statements.AddLinks(batch.Links);
        return statements;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The stored version of each of <paramref name="ids"/> that has a customer row.</summary>
    internal static async Task<Dictionary<string, long>> StoredVersionsAsync(NpgsqlConnection connection, string[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(VersionsSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadVersionsAsync(reader, ids.Length, cancellationToken);
    }

    private const string VersionsSql = $"SELECT customer_id, version FROM {ProjectionTables.Customer} WHERE customer_id = ANY($1)";

    private static async Task<(Dictionary<string, long> Versions, RfmScorer? Scorer)> PrepareAsync(
        NpgsqlConnection connection, ProjectionBatch batch, string[] ids, bool shareRebuildLock, CancellationToken cancellationToken)
    {
        await using var prepare = new NpgsqlBatch(connection);
        // The statements are planned per batch and are cheap; JIT compilation would cost more than it saves.
        prepare.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL jit = off"));
        if (shareRebuildLock)
        {
            prepare.BatchCommands.Add(new NpgsqlBatchCommand(ProjectionLocks.RebuildSharedSql));
        }

        if (ProjectionLocks.PartitionsSql(batch.Partitions) is { } partitions)
        {
            prepare.BatchCommands.Add(new NpgsqlBatchCommand(partitions));
        }

        if (ids.Length == 0)
        {
            await prepare.ExecuteNonQueryAsync(cancellationToken);
            return ([], null);
        }

        var versions = new NpgsqlBatchCommand(VersionsSql);
        versions.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        prepare.BatchCommands.Add(versions);
        prepare.BatchCommands.Add(new NpgsqlBatchCommand(RfmScorer.Sql));
        await using var reader = await prepare.ExecuteReaderAsync(cancellationToken);
        // The versions are the last result; the lock functions' results come before it.
        while (reader.FieldCount != 2 || reader.GetName(0) != "customer_id")
        {
            if (!await reader.NextResultAsync(cancellationToken))
            {
                throw new InvalidOperationException("The stored versions query returned no result");
            }
        }

        var stored = await ReadVersionsAsync(reader, ids.Length, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return (stored, await RfmScorer.ReadAsync(reader, cancellationToken));
    }

    private static async Task<Dictionary<string, long>> ReadVersionsAsync(NpgsqlDataReader reader, int capacity, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<string, long>(capacity, StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }

        return versions;
    }

    private IEnumerable<NpgsqlBatchCommand> AliasesAndRejections(ProjectionBatch batch, DateTime now)
    {
        if (batch.Merges.Count > 0)
        {
            var merges = Latest(batch.Merges, m => m.MergedId, m => m.Version).Select(m => DocumentFactory.Alias(m, now)).ToList();
            yield return _bulk.Upsert(ProjectionDocuments.Alias, merges, OnConflict.WhenNewer("version"));

            // A merge makes its merged ID an alias and may make its survivor (an earlier alias) live again.
            var affected = merges.SelectMany(m => new[] { m.Id, m.SurvivorId }).Distinct(StringComparer.Ordinal).ToArray();
            var flags = new NpgsqlBatchCommand($"""
                UPDATE {ProjectionTables.Customer} c SET aliased = s.aliased
                FROM (SELECT x.customer_id, {ProjectionTableLayouts.AliasedNow.Replace("u.customer_id", "x.customer_id", StringComparison.Ordinal)} AS aliased
                      FROM unnest($1::text[]) AS x(customer_id)) s
                WHERE c.customer_id = s.customer_id AND c.aliased <> s.aliased
                """);
            flags.Parameters.Add(new NpgsqlParameter { Value = affected, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            yield return flags;
        }

        if (batch.Rejections.Count > 0)
        {
            yield return _bulk.Upsert(ProjectionDocuments.Rejected,
                Latest(batch.Rejections, r => r.RejectionId, _ => 0).Select(r => DocumentFactory.Rejected(r, now)).ToList(), OnConflict.Keep);

            // A replayed rejection of a person forgotten since stays forgotten.
            yield return ErasureStatements.ErasedRejections(batch.Rejections.Select(r => r.RejectionId));
        }
    }

    // Within one batch the same key may come more than once (at-least-once delivery): keep the newest.
    private static IEnumerable<T> Latest<T>(IEnumerable<T> items, Func<T, string> key, Func<T, long> version) =>
        items.GroupBy(key, StringComparer.Ordinal).Select(g => g.MaxBy(version)!);
}
