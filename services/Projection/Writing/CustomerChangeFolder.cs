using CustomerStream.Contracts.Aggregate;

namespace CustomerStream.Projection.Writing;

/// <summary>
/// Decides which changes of a batch apply and folds them into one write per row. A change applies only
/// when its version is above the stored one (and above every change already applied in the batch), so
/// duplicates and stale replays change nothing. Changes are deltas, so the applicable ones are folded
/// in version order: a later period row replaces an earlier one with the same key, and a removal drops
/// everything folded before it.
/// </summary>
internal static class CustomerChangeFolder
{
    /// <param name="changes">The batch's changes, any order, any customers.</param>
    /// <param name="storedVersions">Stored version per customer id; absent = never seen.</param>
    /// <param name="skipped">Changes ignored as duplicates or stale.</param>
    public static List<FoldedCustomer> Fold(
        IEnumerable<CustomerChange> changes, IReadOnlyDictionary<string, long> storedVersions, out int skipped)
    {
        skipped = 0;
        var result = new List<FoldedCustomer>();
        foreach (var group in changes.GroupBy(c => c.CustomerId, StringComparer.Ordinal))
        {
            long? last = storedVersions.TryGetValue(group.Key, out var stored) ? stored : null;
            FoldedCustomer? folded = null;
            foreach (var change in group.OrderBy(c => c.Version))
            {
                if (last is { } v && change.Version <= v)
                {
                    skipped++;
                    continue;
                }

                folded ??= new FoldedCustomer(group.Key);
                Apply(folded, change);
                last = change.Version;
            }

            if (folded is not null)
            {
                result.Add(folded);
            }
        }

        return result;
    }

    private static void Apply(FoldedCustomer folded, CustomerChange change)
    {
        folded.Version = change.Version;
        folded.ChangedAt = change.ChangedAt;
        folded.AppliedChanges++;
        if (change.Removed)
        {
            folded.Removed = true;
            folded.MergedInto = change.MergedInto;
            folded.ErasureId = change.ErasureId;
            folded.Summary = null;
            folded.ClearStoredRows = true;
            folded.Periods.Clear();
            folded.Orders.Clear();
            return;
        }

        folded.Removed = false;
        folded.MergedInto = null;
        folded.ErasureId = null;
        if (change.Summary is { } summary)
        {
            folded.Summary = summary;
        }

        foreach (var row in change.Periods)
        {
            folded.Periods[Names.PeriodKey(row)] = row;
        }

        foreach (var order in change.Orders)
        {
            folded.Orders[Names.OrderKey(order)] = order;
        }
    }
}
