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
internal sealed class BusinessUnitReplay(string businessUnit, TimeProvider time)
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
        var deletes = new List<StagedPeriod>();
        var rows = new List<StagedPeriod>();
        var applied = 0;
        foreach (var customer in folded)
        {
            _replayed[customer.CustomerId] = customer.Version;
            applied += customer.AppliedChanges;
            if (customer.ClearStoredRows)
            {
                cleared.Add(customer.CustomerId);
            }

            foreach (var row in customer.Periods.Values)
            {
                if (row.BusinessUnit == businessUnit)
                {
                    (row.Deleted ? deletes : rows).Add(new StagedPeriod(customer.CustomerId, row, now));
                }
            }
        }

        await using var write = new NpgsqlBatch(connection, transaction);
        if (cleared.Count > 0)
        {
            var command = new NpgsqlBatchCommand($"DELETE FROM {ProjectionTables.CustomerPeriodUnit} WHERE business_unit = $1 AND customer_id = ANY($2)");
            command.Parameters.Add(new NpgsqlParameter { Value = businessUnit });
            command.Parameters.Add(new NpgsqlParameter { Value = cleared.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            write.BatchCommands.Add(command);
        }

        if (deletes.Count > 0)
        {
            write.BatchCommands.Add(RowDeletes.PeriodUnits(deletes));
        }

        if (rows.Count > 0)
        {
            write.BatchCommands.Add(ProjectionTableLayouts.PeriodUnit.Upsert(rows));
        }

        if (write.BatchCommands.Count == 0)
        {
            return new BatchResult(applied, skipped, 0, 0, TimeSpan.Zero);
        }

        await write.ExecuteNonQueryAsync(cancellationToken);
        var deleted = write.BatchCommands.Cast<NpgsqlBatchCommand>().Where(c => c.StatementType == StatementType.Delete).Sum(c => (int)c.RecordsAffected);
        var written = write.BatchCommands.Cast<NpgsqlBatchCommand>().Where(c => c.StatementType == StatementType.Insert).Sum(c => (int)c.RecordsAffected);
        return new BatchResult(applied, skipped, written, deleted, TimeSpan.Zero);
    }
}
