using System.Diagnostics.CodeAnalysis;
using CustomerStream.Streaming.Serialization;

namespace CustomerStream.Streaming.State;

/// <summary>
/// A task's partition of a key-value store, as a processor sees it. Writes go to a cache for the current
/// batch and reads see them at once; the runtime writes one changelog record per changed key when the
/// batch ends and applies the batch to the local store only after the changelog has it. Scans follow the
/// byte order of the serialized keys. Not thread-safe: a task is processed by one thread.
/// </summary>
public interface IKeyValueStore<TKey, TValue>
{
    /// <summary>The store's name.</summary>
    string Name { get; }

    /// <summary>Looks a key up.</summary>
    bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value);

    /// <summary>Sets the value of a key.</summary>
    void Put(TKey key, TValue value);

    /// <summary>Removes a key.</summary>
    void Delete(TKey key);

    /// <summary>Entries with <paramref name="fromInclusive"/> ≤ key &lt; <paramref name="toExclusive"/>.</summary>
    IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey fromInclusive, TKey toExclusive);

    /// <summary>Every entry of this partition, in key order.</summary>
    IEnumerable<KeyValuePair<TKey, TValue>> All();

    /// <summary>
    /// Entries whose serialized key starts with the serialized <paramref name="prefix"/> (as in Kafka
    /// Streams' <c>prefixScan</c>), e.g. a string prefix of string keys.
    /// </summary>
    IEnumerable<KeyValuePair<TKey, TValue>> PrefixScan<TPrefix>(TPrefix prefix, ISerde<TPrefix> prefixSerde);

    /// <summary>Approximate number of keys in the local store (writes of the current batch not included).</summary>
    long ApproximateCount { get; }
}
