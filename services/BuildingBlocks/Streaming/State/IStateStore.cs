namespace CustomerStream.Streaming.State;

/// <summary>
/// A key-value store of bytes, ordered by unsigned lexicographic key order: the storage engine under a
/// task's typed stores (<see cref="IKeyValueStore{TKey,TValue}"/>). One
/// instance holds one partition of one store. Implementations: <see cref="InMemoryStateStore"/> and
/// <see cref="RocksDbStateStore"/>.
/// </summary>
public interface IStateStore : IDisposable
{
    /// <summary>The store's name (unique within an application).</summary>
    string Name { get; }

    /// <summary>Whether the contents survive a process restart (then a checkpoint can spare a full restore).</summary>
    bool IsPersistent { get; }

    /// <summary>The value of <paramref name="key"/>, or <c>null</c> when absent.</summary>
    byte[]? Get(ReadOnlySpan<byte> key);

    /// <summary>Sets the value of a key.</summary>
    void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    /// <summary>Removes a key (no effect when absent).</summary>
    void Delete(ReadOnlySpan<byte> key);

    /// <summary>Applies many puts (non-null value) and deletes (null value) as one write.</summary>
    void Write(IEnumerable<KeyValuePair<byte[], byte[]?>> changes);

    /// <summary>
    /// Entries with <paramref name="fromInclusive"/> ≤ key &lt; <paramref name="toExclusive"/> in key order;
    /// a <c>null</c> bound is open. Enumerate it before writing to the store again.
    /// </summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[]? fromInclusive, byte[]? toExclusive);

    /// <summary>Entries whose key starts with <paramref name="prefix"/>, in key order.</summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> PrefixScan(byte[] prefix);

    /// <summary>Number of keys; RocksDB estimates it (exact for the in-memory store).</summary>
    long ApproximateCount { get; }

    /// <summary>Makes every write so far durable on disk (no-op in memory); called before a checkpoint is written.</summary>
    void Flush();
}
