using CustomerStream.Projection.Tests.Model;
using Xunit.Sdk;

namespace CustomerStream.Projection.Tests;

/// <summary>Compares a query's rows with expected rows as multisets of canonical strings, printing the differences.</summary>
public static class RowAssert
{
    public static async Task SameRowsAsync(MartDatabase db, IEnumerable<string> expected, string sql)
    {
        var actual = (await db.QueryAsync(sql)).Select(r => Row.Of(r)).ToList();
        Same(expected.ToList(), actual, sql);
    }

    public static void Same(List<string> expected, List<string> actual, string what)
    {
        var missing = Except(expected, actual);
        var unexpected = Except(actual, expected);
        if (missing.Count == 0 && unexpected.Count == 0)
        {
            return;
        }

        throw new XunitException(
            $"{what}\nexpected {expected.Count} rows, got {actual.Count}\n" +
            $"missing ({missing.Count}):\n  {string.Join("\n  ", missing.Take(8))}\n" +
            $"unexpected ({unexpected.Count}):\n  {string.Join("\n  ", unexpected.Take(8))}");
    }

    private static List<string> Except(List<string> a, List<string> b)
    {
        var counts = b.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var x in a.Order(StringComparer.Ordinal))
        {
            if (counts.TryGetValue(x, out var n) && n > 0)
            {
                counts[x] = n - 1;
            }
            else
            {
                result.Add(x);
            }
        }

        return result;
    }
}
