using CustomerStream.Projection.Writing;
using Npgsql;

namespace CustomerStream.Projection.Rebuild;

/// <summary>
/// A rebuild in progress: replayed batches are applied inside its transaction, in topic order, with the
/// same version rules as live batches. Disposing without <see cref="CommitAsync"/> rolls everything back.
/// </summary>
public sealed class RebuildSession : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly MartWriter _writer;
    private readonly BusinessUnitReplay? _businessUnit;
    private bool _committed;

    internal RebuildSession(RebuildScope scope, NpgsqlConnection connection, NpgsqlTransaction transaction, MartWriter writer, int clearedRows)
    {
        Scope = scope;
        _connection = connection;
        _transaction = transaction;
        _writer = writer;
        ClearedRows = clearedRows;
        _businessUnit = scope.BusinessUnit is { } unit ? new BusinessUnitReplay(unit, writer.Time) : null;
    }

    public RebuildScope Scope { get; }

    /// <summary>Rows dropped when the rebuild began.</summary>
    public int ClearedRows { get; }

    public async Task<BatchResult> ApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        return _businessUnit is null
            ? await _writer.ApplyInTransactionAsync(_transaction, batch, cancellationToken)
            : await _businessUnit.ApplyAsync(_transaction, batch, cancellationToken);
    }

    /// <summary>Makes the rebuilt rows visible to everyone and lets live batches continue.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        // The replay brought back the links, aliases and rejections of forgotten people (their topics keep them):
        // the erasure ledger, which a rebuild never clears, deletes them again before anyone sees them.
        await ErasureStatements.ApplyLedgerAsync(_connection, _transaction, cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
