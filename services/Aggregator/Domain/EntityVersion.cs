namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// The last-writer-wins order of record versions (customer-master records and orders): a later
/// <c>updated_at</c> wins, and equal timestamps are decided by the record hash so that every task
/// picks the same winner whatever order the versions arrive in. Equal on both = an exact re-send.
/// </summary>
public static class EntityVersion
{
    public static int Compare(DateTime updatedAt, string recordHash, DateTime otherUpdatedAt, string otherRecordHash)
    {
        var byTime = updatedAt.Ticks.CompareTo(otherUpdatedAt.Ticks);
        return byTime != 0 ? byTime : string.CompareOrdinal(recordHash, otherRecordHash);
    }
}
