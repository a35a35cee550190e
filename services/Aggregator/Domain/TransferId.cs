namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// Identifies one state transfer: the merged-away customer, the seq of its MergeFact, and which
/// transfers the shipped state had itself absorbed (<see cref="Contents"/>, a stable hash). The loser's
/// own facts up to the merge are fixed, but which transfers it had folded before its merge can differ
/// between a crashed attempt and its replay; two such transfers are both folded, which is harmless
/// (a fold is idempotent), while a redelivery of the same one is recognized and dropped.
/// </summary>
public readonly record struct TransferId(string LoserId, long MergeSeq, ulong Contents)
{
    /// <summary>A stable (FNV-1a, 64-bit) hash of a set of transfer ids, independent of their order.</summary>
    public static ulong ContentsOf(IEnumerable<TransferId> absorbed)
    {
        var ordered = absorbed
            .OrderBy(t => t.LoserId, StringComparer.Ordinal)
            .ThenBy(t => t.MergeSeq)
            .ThenBy(t => t.Contents);
        var hash = 14695981039346656037UL;
        foreach (var t in ordered)
        {
            hash = Mix(hash, t.LoserId);
            hash = Mix(hash, t.MergeSeq);
            hash = Mix(hash, (long)t.Contents);
        }

        return hash;
    }

    private static ulong Mix(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (hash ^ 0xFF) * 1099511628211UL;
    }

    private static ulong Mix(ulong hash, long value)
    {
        for (var i = 0; i < 8; i++)
        {
            hash = (hash ^ (byte)(value >> (i * 8))) * 1099511628211UL;
        }

        return hash;
    }
}
