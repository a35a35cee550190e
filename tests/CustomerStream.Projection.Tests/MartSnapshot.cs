using CustomerStream.Projection.Tests.Model;

namespace CustomerStream.Projection.Tests;

/// <summary>Every row of every mart relation (write times left out), to compare the marts before and after something.</summary>
public static class MartSnapshot
{
    public static async Task<Dictionary<string, List<string>>> TakeAsync(MartDatabase db)
    {
        // The population-wide figures are as of the last global refresh: refresh, so both snapshots show the data.
        await db.RefreshAsync();
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var relation in MartContract.Relations)
        {
            // Write and refresh times differ after a rebuild or a replay by design; everything else must not.
            var columns = (await db.QueryAsync(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'mart' AND table_name = $1 AND column_name NOT IN ('updated_at', 'projected_at', 'scores_as_of', 'computed_at') ORDER BY ordinal_position",
                    relation.Name))
                .Select(r => (string)r[0]!);
            snapshot[relation.Name] = (await db.QueryAsync($"SELECT {string.Join(", ", columns)} FROM mart.{relation.Name}")).Select(r => Row.Of(r)).ToList();
        }

        Assert.True(snapshot.Values.All(rows => rows.Count > 0), "every relation has rows to compare");
        return snapshot;
    }

    public static void AssertSame(Dictionary<string, List<string>> before, Dictionary<string, List<string>> after, string when)
    {
        foreach (var (relation, rows) in before)
        {
            RowAssert.Same(rows, after[relation], $"mart.{relation} {when}");
        }
    }
}
