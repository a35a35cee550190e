using System.Globalization;
using Npgsql;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// Every row of every relation in schema <c>mart</c>, as sorted text, without the columns that record
/// when something was written (<c>updated_at</c> of derived rows, <c>version</c>, <c>merged_at</c>,
/// <c>projected_at</c>, <c>rejected_at</c>) or when the global refresh computed it (<c>scores_as_of</c>,
/// <c>computed_at</c>): two runs over the same input must agree on everything else.
/// Except <c>mart.customer_merges</c>, the log of merges in the order identity saw them: records that
/// arrive in another order pass through other intermediate IDs (what they resolve to is checked, in
/// <c>customer_aliases</c>, which depends on the data alone).
/// </summary>
internal sealed record MartSnapshot(IReadOnlyDictionary<string, IReadOnlyList<string>> Relations)
{
    private static readonly HashSet<string> WhenWritten = new(StringComparer.Ordinal) { "version", "merged_at", "projected_at", "rejected_at", "scores_as_of", "computed_at" };

    public static async Task<MartSnapshot> TakeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var relations = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'mart' AND table_name <> 'customer_merges' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                relations.Add(reader.GetString(0));
            }
        }

        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var relation in relations)
        {
            await using var select = new NpgsqlCommand($"SELECT * FROM mart.{relation}", connection);
            await using var reader = await select.ExecuteReaderAsync();
            var columns = Enumerable.Range(0, reader.FieldCount)
                .Where(i => !WhenWritten.Contains(reader.GetName(i)) && !(reader.GetName(i) == "updated_at" && relation != "orders"))
                .ToList();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join("|", columns.Select(i => $"{reader.GetName(i)}={Text(reader.GetValue(i))}")));
            }

            rows.Sort(StringComparer.Ordinal);
            result[relation] = rows;
        }

        return new MartSnapshot(result);
    }

    private static string Text(object value) => value switch
    {
        DBNull => "null",
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        Array a => string.Join(",", a.Cast<object>().Select(Text)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The first difference, or null when both hold the same rows.</summary>
    public string? FirstDifference(MartSnapshot other)
    {
        foreach (var relation in Relations.Keys.Union(other.Relations.Keys).Order(StringComparer.Ordinal))
        {
            var mine = Relations.GetValueOrDefault(relation) ?? [];
            var theirs = other.Relations.GetValueOrDefault(relation) ?? [];
            if (mine.Count != theirs.Count)
            {
                return $"mart.{relation}: {mine.Count} rows against {theirs.Count}; only in the first: {string.Join(" / ", mine.Except(theirs).Take(3))}; only in the second: {string.Join(" / ", theirs.Except(mine).Take(3))}";
            }

            for (var i = 0; i < mine.Count; i++)
            {
                if (mine[i] != theirs[i])
                {
                    return $"mart.{relation} row {i}:\n  {mine[i]}\n  {theirs[i]}";
                }
            }
        }

        return null;
    }
}
