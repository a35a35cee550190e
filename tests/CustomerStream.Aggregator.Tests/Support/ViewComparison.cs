using System.Text;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>Compares what a projection built from the aggregator's changes holds with an independent recomputation.</summary>
public static class ViewComparison
{
    /// <summary>Empty when equal; otherwise one line per difference (capped).</summary>
    public static string Differences(IReadOnlyDictionary<string, CustomerView> expected, IReadOnlyDictionary<string, CustomerView> actual, int maxLines = 40)
    {
        var diff = new StringBuilder();
        var blank = new CustomerView();
        foreach (var id in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var e = expected.GetValueOrDefault(id) ?? blank;
            var a = actual.GetValueOrDefault(id) ?? blank;
            if (e.IsBlank && a.IsBlank)
            {
                continue;
            }

            if (e.Summary is not null || a.Summary is not null)
            {
                SummaryComparer.Diff(id, e.Summary ?? ReferenceModel.BlankSummary(), a.Summary ?? ReferenceModel.BlankSummary(), diff);
            }

            foreach (var key in e.Rows.Keys.Union(a.Rows.Keys))
            {
                if (!e.Rows.TryGetValue(key, out var er))
                {
                    diff.AppendLine($"{id} {key}: unexpected row {SummaryComparer.Describe(a.Rows[key])}");
                }
                else if (!a.Rows.TryGetValue(key, out var ar))
                {
                    diff.AppendLine($"{id} {key}: missing row {SummaryComparer.Describe(er)}");
                }
                else
                {
                    SummaryComparer.Diff($"{id} {key}", er, ar, diff);
                }
            }

            foreach (var key in e.Orders.Keys.Union(a.Orders.Keys))
            {
                if (!e.Orders.TryGetValue(key, out var eo))
                {
                    diff.AppendLine($"{id} order {key}: unexpected");
                }
                else if (!a.Orders.TryGetValue(key, out var ao))
                {
                    diff.AppendLine($"{id} order {key}: missing");
                }
                else
                {
                    SummaryComparer.Diff($"{id} order {key}", eo, ao, diff);
                }
            }
        }

        var lines = diff.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        return lines.Length <= maxLines
            ? string.Join(Environment.NewLine, lines)
            : string.Join(Environment.NewLine, lines.Take(maxLines)) + $"{Environment.NewLine}… and {lines.Length - maxLines} more";
    }
}
