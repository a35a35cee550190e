namespace CustomerStream.Projection.Storage;

/// <summary>What a bulk upsert does when a row with the same key is stored.</summary>
internal enum TableUpsert
{
    /// <summary>The new row replaces the stored one unless every content column is equal (then nothing is written).</summary>
    ReplaceChanged,

    /// <summary>The new row replaces the stored one only when its <c>version</c> is greater: stale replays change nothing.</summary>
    ReplaceNewer,
}
