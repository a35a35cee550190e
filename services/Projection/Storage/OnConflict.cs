namespace CustomerStream.Projection.Storage;

/// <summary>What a bulk upsert does with a row whose id is already stored.</summary>
internal sealed record OnConflict(bool KeepExisting, string? NewerColumn)
{
    /// <summary>The new document replaces the stored one.</summary>
    public static readonly OnConflict Replace = new(false, null);

    /// <summary>The stored document stays (the same id always carries the same content).</summary>
    public static readonly OnConflict Keep = new(true, null);

    /// <summary>The new document replaces the stored one only when its <paramref name="column"/> is greater: idempotent, stale replays change nothing.</summary>
    public static OnConflict WhenNewer(string column) => new(false, column);
}
