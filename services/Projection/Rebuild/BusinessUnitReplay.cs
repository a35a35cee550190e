using CustomerStream.Projection.Documents;
using CustomerStream.Projection.Storage;
using CustomerStream.Projection.Writing;
using Npgsql;
using NpgsqlTypes;

namespace CustomerStream.Projection.Rebuild;

/// <summary>
/// Regenerates one business unit's period rows from replayed changes while every other row stays as it
/// is. The stored customer versions are current, so the normal version rule would skip the whole
/// replay; instead a replayed change applies when it is history the marts already reflect (version at or
/// below the stored one) and newer than what this replay already applied for the customer. Changes
/// above the stored version are left to the live projection, which applies them after the rebuild.
/// </summary>
internal sealed class BusinessUnitReplay(string businessUnit, DocumentBulkWriter bulk, TimeProvider time)
{
    private readonly Dictionary<string, long> _replayed = new(StringComparer.Ordinal);

    public async Task<BatchResult> ApplyAsync(NpgsqlTransaction transaction, ProjectionBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Changes.Count == 0)
        {
            return BatchResult.Empty;
        }

        var connection = transaction.Connection!;
        var live = await MartWriter.StoredVersionsAsync(connection, batch.Changes.Select(c => c.CustomerId).Distinct(StringComparer.Ordinal).ToArray(), cancellationToken);
        var history = batch.Changes.Where(c => live.TryGetValue(c.CustomerId, out var v) && c.Version <= v).ToList();
        var folded = CustomerChangeFolder.Fold(history, _replayed, out var skipped);
        skipped += batch.Changes.Count - history.Count;

        var now = time.GetUtcNow().UtcDateTime;
        var cleared = new List<string>();
        var deletes = new List<string>();
        var rows = new List<CustomerPeriodUnitDocument>();
        var applied = 0;
        foreach (var customer in folded)
        {
            _replayed[customer.CustomerId] = customer.Version;
            applied += customer.AppliedChanges;
            if (customer.ClearStoredRows)
            {
                cleared.Add(customer.CustomerId);
            }

            foreach (var (key, row) in customer.Periods)
            {
                if (row.BusinessUnit != businessUnit)
                {
                    continue;
                }

                if (row.Deleted)
                {
                    deletes.Add(key);
                }
                else
                {
                    rows.Add(DocumentFactory.PeriodUnit(customer.CustomerId, row, now));
                }
            }
        }

        var deleted = 0;
        if (cleared.Count > 0)
        {
            await using var command = new NpgsqlCommand($"DELETE FROM {ProjectionDocuments.PeriodUnit.Table} WHERE business_unit = $1 AND customer_id = ANY($2)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = businessUnit });
            command.Parameters.Add(new NpgsqlParameter { Value = cleared.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            deleted += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        deleted += await DocumentBulkWriter.DeleteWhereAsync(connection, ProjectionDocuments.PeriodUnit.Table, "id", deletes, cancellationToken);
        var written = await bulk.UpsertAsync(connection, ProjectionDocuments.PeriodUnit, rows, OnConflict.Replace, cancellationToken);
        return new BatchResult(applied, skipped, written, deleted, TimeSpan.Zero);
    }
}
