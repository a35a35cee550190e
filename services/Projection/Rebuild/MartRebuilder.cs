using CustomerStream.Projection.Storage;
using CustomerStream.Projection.Writing;
using Marten;
using Npgsql;

namespace CustomerStream.Projection.Rebuild;

/// <summary>
/// The mart side of <c>rebuild</c>: opens one transaction that holds the rebuild lock (live batches wait
/// for it), drops the projected rows in scope, and lets the caller replay the retained topics into it
/// through the same writer. Readers keep seeing the old rows until <see cref="RebuildSession.CommitAsync"/>
/// (a failed or cancelled rebuild leaves the marts as they were).
/// </summary>
public sealed class MartRebuilder(NpgsqlDataSource dataSource, IDocumentStore store, TimeProvider? time = null)
{
    public async Task<RebuildSession> BeginAsync(RebuildScope scope, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ProjectionLocks.RebuildExclusiveAsync(connection, cancellationToken);
            var cleared = scope.BusinessUnit is null
                ? await ClearEverythingAsync(connection, cancellationToken)
                : await DeleteAsync(connection, $"DELETE FROM {ProjectionTables.CustomerPeriodUnit} WHERE business_unit = $1", scope.BusinessUnit, cancellationToken);
            return new RebuildSession(scope, connection, transaction, new MartWriter(dataSource, store, time), cleared);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<int> ClearEverythingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // DELETE rather than TRUNCATE: TRUNCATE would lock BI readers out for the whole replay.
        var deleted = 0;
        foreach (var table in new[]
                 {
                     ProjectionTables.Customer, ProjectionTables.CustomerPeriod, ProjectionTables.CustomerPeriodUnit, ProjectionTables.CustomerOrder,
                     ProjectionTables.IdentityLink, ProjectionTables.IdentityEvidence, ProjectionDocuments.Alias.Table, ProjectionDocuments.Rejected.Table,
                 })
        {
            deleted += await DeleteAsync(connection, $"DELETE FROM {table}", null, cancellationToken);
        }

        return deleted;
    }

    private static async Task<int> DeleteAsync(NpgsqlConnection connection, string sql, string? argument, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (argument is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = argument });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
