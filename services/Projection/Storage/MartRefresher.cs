using System.Diagnostics;
using System.Reflection;
using System.Text;
using Npgsql;

namespace CustomerStream.Projection.Storage;

/// <summary>
/// The global refresh (Sql/refresh.sql): recomputes what depends on the whole population — the RFM quintile
/// boundaries and cohort retention — and folds the customer count deltas, in one transaction, so readers see
/// the previous figures until it commits and are never blocked. One refresh runs at a time per database
/// (an advisory lock; a second caller waits for it, then refreshes again).
/// </summary>
public sealed class MartRefresher(NpgsqlDataSource dataSource)
{
    private const long RefreshLockKey = 0x4353_4D41_5254_0002;
    private static readonly string Script = LoadScript();

    /// <summary>Refreshes the global figures now.</summary>
    public async Task<MartRefresh> RefreshAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RefreshInTransactionAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await using var read = new NpgsqlCommand("SELECT scores_as_of, ranked_customers FROM projection.rfm_bounds WHERE id = 1", connection);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new MartRefresh(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), clock.Elapsed);
    }

    /// <summary>The refresh inside a transaction the caller commits (tests hold it open to watch readers).</summary>
    internal static async Task RefreshInTransactionAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({RefreshLockKey}); {Script}", transaction.Connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string LoadScript()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("sql/refresh.sql")
            ?? throw new InvalidOperationException("Embedded SQL 'refresh.sql' is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
