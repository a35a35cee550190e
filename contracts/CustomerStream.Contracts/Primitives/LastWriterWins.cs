namespace CustomerStream.Contracts.Primitives;

/// <summary>
/// The order of the versions of a customer-master record or an order: a later <c>updated_at</c> wins, and equal
/// timestamps are decided by the <c>record_hash</c> (ordinal), so that every consumer picks the same winner whatever
/// order the versions arrive in. Equal on both: an exact re-send.
/// </summary>
public static class LastWriterWins
{
    /// <summary>Above 0 when the first version wins over the other, below 0 when it loses, 0 for the same version.</summary>
    public static int Compare(DateTime updatedAt, string recordHash, DateTime otherUpdatedAt, string otherRecordHash)
    {
        var byTime = updatedAt.Ticks.CompareTo(otherUpdatedAt.Ticks);
        return byTime != 0 ? byTime : string.CompareOrdinal(recordHash, otherRecordHash);
    }
}
