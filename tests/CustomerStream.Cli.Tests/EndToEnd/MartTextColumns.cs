using Npgsql;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>The text columns (and text array columns) of every relation in schema mart that the connection's role can see.</summary>
internal static class MartTextColumns
{
    public static async Task<List<(string Relation, string Column, bool IsArray)>> ListAsync(NpgsqlConnection connection)
    {
        var columns = new List<(string Relation, string Column, bool IsArray)>();
        await using var list = new NpgsqlCommand(
            "SELECT table_name, column_name, udt_name LIKE '\\_%' FROM information_schema.columns WHERE table_schema = 'mart' AND udt_name IN ('text', 'varchar', '_text', '_varchar') ORDER BY 1, 2",
            connection);
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return columns;
    }
}
