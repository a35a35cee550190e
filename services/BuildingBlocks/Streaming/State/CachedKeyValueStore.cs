using System.Diagnostics.CodeAnalysis;
using CustomerStream.Streaming.Serialization;

namespace CustomerStream.Streaming.State;

/// <summary>The typed view a processor gets: reads through the batch's write cache, writes into it.</summary>
internal sealed class CachedKeyValueStore<TKey, TValue>(KeyValueStoreDefinition<TKey, TValue> definition, IStateStore local)
    : IKeyValueStore<TKey, TValue>, ITaskStore
{
    private readonly ISerde<TKey> _keys = definition.KeySerde;
    private readonly ISerde<TValue> _values = definition.ValueSerde;

    public string Name => definition.Name;

    public IStateStore Local => local;

    public WriteCache Cache { get; } = new();

    public long ApproximateCount => local.ApproximateCount;

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        var keyBytes = _keys.Serialize(key);
        var bytes = Cache.TryGet(keyBytes, out var cached) ? cached : local.Get(keyBytes);
        if (bytes is null)
        {
            value = default;
            return false;
        }

        value = _values.Deserialize(bytes);
        return true;
    }

    public void Put(TKey key, TValue value) => Cache.Put(_keys.Serialize(key), _values.Serialize(value));

    public void Delete(TKey key) => Cache.Put(_keys.Serialize(key), null);

    public IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey fromInclusive, TKey toExclusive)
    {
        var from = _keys.Serialize(fromInclusive);
        var to = _keys.Serialize(toExclusive);
        return Typed(Cache.Overlay(local.Range(from, to), from, to));
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> All() => Typed(Cache.Overlay(local.Range(null, null), null, null));

    public IEnumerable<KeyValuePair<TKey, TValue>> PrefixScan<TPrefix>(TPrefix prefix, ISerde<TPrefix> prefixSerde)
    {
        ArgumentNullException.ThrowIfNull(prefixSerde);
        var from = prefixSerde.Serialize(prefix);
        var to = KeyRanges.PrefixUpperBound(from);
        return Typed(Cache.Overlay(local.Range(from, to), from, to));
    }

    public void Dispose() => local.Dispose();

    private IEnumerable<KeyValuePair<TKey, TValue>> Typed(IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        foreach (var (key, value) in entries)
        {
            yield return new KeyValuePair<TKey, TValue>(_keys.Deserialize(key), _values.Deserialize(value));
        }
    }
}
