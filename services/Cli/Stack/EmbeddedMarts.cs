using Npgsql;

namespace CustomerStream.Cli.Stack;

/// <summary>
/// The marts an embedded stack projects. Its cluster keeps topics in memory, so marts left by an earlier
/// run have no log behind them any more (no rebuild could reproduce them, and new data would mix with
/// them): each embedded run starts its marts empty. The projection recreates the schemas when it starts.
/// </summary>
internal static class EmbeddedMarts
{
    public static async Task ResetAsync(string postgres, bool registryToo, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(cancellationToken);
        var sql = "DROP SCHEMA IF EXISTS mart CASCADE; DROP SCHEMA IF EXISTS projection CASCADE;" + (registryToo ? " DROP SCHEMA IF EXISTS schema_registry CASCADE;" : "");
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
