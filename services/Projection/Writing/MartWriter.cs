using System.Diagnostics;
using CustomerStream.Projection.Documents;
using CustomerStream.Projection.Storage;
using Marten;
using Marten.Services;
using Npgsql;
using NpgsqlTypes;

namespace CustomerStream.Projection.Writing;

/// <summary>
/// Applies batches of aggregator changes, identity links, merges and rejections to the projected
/// documents, one PostgreSQL transaction per batch. Every write is idempotent: a customer change applies
/// only when its version is above the stored one, links and aliases only when newer, rejections once per
/// rejection id; so replaying a batch (at-least-once delivery) or an older one changes nothing.
/// </summary>
public sealed class MartWriter
{
    private const int MaxAttempts = 5;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IDocumentStore _store;
    private readonly DocumentBulkWriter _bulk;
    private readonly TimeProvider _time;

    public MartWriter(NpgsqlDataSource dataSource, IDocumentStore store, TimeProvider? time = null)
    {
        _dataSource = dataSource;
        _store = store;
        _bulk = new DocumentBulkWriter(store.Options.Serializer());
        _time = time ?? TimeProvider.System;
    }

    internal DocumentBulkWriter Bulk => _bulk;

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
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var started = Stopwatch.GetTimestamp();
                await ProjectionLocks.RebuildSharedAsync(connection, cancellationToken);
                var result = await ApplyInTransactionAsync(transaction, batch, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result with { Elapsed = Stopwatch.GetElapsedTime(started) };
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), _time, cancellationToken);
            }
        }
    }

    /// <summary>Applies <paramref name="batch"/> inside a transaction the caller owns (a rebuild applies its whole replay in one).</summary>
    internal async Task<BatchResult> ApplyInTransactionAsync(NpgsqlTransaction transaction, ProjectionBatch batch, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection ?? throw new InvalidOperationException("The transaction has no connection");
        var now = _time.GetUtcNow().UtcDateTime;
        await ProjectionLocks.PartitionsAsync(connection, batch.Partitions, cancellationToken);

        var (applied, skipped, written, deleted) = await ApplyChangesAsync(transaction, batch, now, cancellationToken);

        written += await _bulk.UpsertAsync(connection, ProjectionDocuments.IdentityLink,
            Latest(batch.Links, l => l.Identifier, l => l.Version).Select(l => DocumentFactory.Link(l, now)).ToList(),
            OnConflict.WhenNewer("version"), cancellationToken);
        written += await _bulk.UpsertAsync(connection, ProjectionDocuments.Alias,
            Latest(batch.Merges, m => m.MergedId, m => m.Version).Select(m => DocumentFactory.Alias(m, now)).ToList(),
            OnConflict.WhenNewer("version"), cancellationToken);
        written += await _bulk.UpsertAsync(connection, ProjectionDocuments.Rejected,
            Latest(batch.Rejections, r => r.RejectionId, _ => 0).Select(r => DocumentFactory.Rejected(r, now)).ToList(),
            OnConflict.Keep, cancellationToken);

        return new BatchResult(applied, skipped, written, deleted, TimeSpan.Zero);
    }

    private async Task<(int Applied, int Skipped, int Written, int Deleted)> ApplyChangesAsync(
        NpgsqlTransaction transaction, ProjectionBatch batch, DateTime now, CancellationToken cancellationToken)
    {
        if (batch.Changes.Count == 0)
        {
            return (0, 0, 0, 0);
        }

        var connection = transaction.Connection!;
        var ids = batch.Changes.Select(c => c.CustomerId).Distinct(StringComparer.Ordinal).ToArray();
        var stored = await StoredVersionsAsync(connection, ids, cancellationToken);
        var folded = CustomerChangeFolder.Fold(batch.Changes, stored, out var skipped);
        if (folded.Count == 0)
        {
            return (0, skipped, 0, 0);
        }

        var storedProfiles = await StoredProfilesAsync(transaction,
            folded.Where(f => f is { Removed: false, Summary: null, ClearStoredRows: false } && stored.ContainsKey(f.CustomerId)).Select(f => f.CustomerId).ToList(),
            cancellationToken);

        var customers = new List<CustomerDocument>(folded.Count);
        var periods = new List<CustomerPeriodDocument>();
        var units = new List<CustomerPeriodUnitDocument>();
        var orders = new List<OrderDocument>();
        var cleared = new List<string>();
        var deletedPeriods = new List<string>();
        var deletedUnits = new List<string>();
        var applied = 0;
        foreach (var customer in folded)
        {
            applied += customer.AppliedChanges;
            customers.Add(DocumentFactory.Customer(customer, storedProfiles.GetValueOrDefault(customer.CustomerId), now));
            if (customer.ClearStoredRows)
            {
                cleared.Add(customer.CustomerId);
            }

            foreach (var (key, row) in customer.Periods)
            {
                if (row.Deleted)
                {
                    (row.BusinessUnit is null ? deletedPeriods : deletedUnits).Add(key);
                }
                else if (row.BusinessUnit is null)
                {
                    periods.Add(DocumentFactory.Period(customer.CustomerId, row, now));
                }
                else
                {
                    units.Add(DocumentFactory.PeriodUnit(customer.CustomerId, row, now));
                }
            }

            orders.AddRange(customer.Orders.Values.Select(o => DocumentFactory.Order(customer.CustomerId, o, now)));
        }

        // Deletes first: a customer removed and then revived in the same batch gets its new rows after the old ones are gone.
        var deleted = 0;
        deleted += await DocumentBulkWriter.DeleteWhereAsync(connection, ProjectionDocuments.Period.Table, "customer_id", cleared, cancellationToken);
        deleted += await DocumentBulkWriter.DeleteWhereAsync(connection, ProjectionDocuments.PeriodUnit.Table, "customer_id", cleared, cancellationToken);
        deleted += await DocumentBulkWriter.DeleteWhereAsync(connection, ProjectionDocuments.Order.Table, "customer_id", cleared, cancellationToken);
        deleted += await DocumentBulkWriter.DeleteWhereAsync(connection, ProjectionDocuments.Period.Table, "id", deletedPeriods, cancellationToken);
        deleted += await DocumentBulkWriter.DeleteWhereAsync(connection, ProjectionDocuments.PeriodUnit.Table, "id", deletedUnits, cancellationToken);

        var written = 0;
        written += await _bulk.UpsertAsync(connection, ProjectionDocuments.Customer, customers, OnConflict.Replace, cancellationToken);
        written += await _bulk.UpsertAsync(connection, ProjectionDocuments.Period, periods, OnConflict.Replace, cancellationToken);
        written += await _bulk.UpsertAsync(connection, ProjectionDocuments.PeriodUnit, units, OnConflict.Replace, cancellationToken);
        written += await _bulk.UpsertAsync(connection, ProjectionDocuments.Order, orders, OnConflict.Replace, cancellationToken);
        return (applied, skipped, written, deleted);
    }

    /// <summary>The stored version of each of <paramref name="ids"/> that has a customer row.</summary>
    internal static async Task<Dictionary<string, long>> StoredVersionsAsync(NpgsqlConnection connection, string[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT id, version FROM {ProjectionDocuments.Customer.Table} WHERE id = ANY($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        var versions = new Dictionary<string, long>(ids.Length, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }

        return versions;
    }

    private async Task<IReadOnlyDictionary<string, CustomerDocument>> StoredProfilesAsync(
        NpgsqlTransaction transaction, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<string, CustomerDocument>();
        }

        await using var session = _store.QuerySession(SessionOptions.ForTransaction(transaction));
        var documents = await session.LoadManyAsync<CustomerDocument>(cancellationToken, ids);
        return documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
    }

    // Within one batch the same key may come more than once (at-least-once delivery): keep the newest.
    private static IEnumerable<T> Latest<T>(IEnumerable<T> items, Func<T, string> key, Func<T, long> version) =>
        items.GroupBy(key, StringComparer.Ordinal).Select(g => g.MaxBy(version)!);
}
