using CustomerStream.SchemaRegistry.Codec;

namespace CustomerStream.Identity.Domain;

/// <summary>
/// The identity graph kept in a key-value store, with a bounded cache of decoded nodes so that hot
/// customers are not decoded again on every record. Changes are written to the store by
/// <see cref="Flush"/>, which the service calls at the end of every batch (before the runtime makes
/// the batch durable), so the store always holds whole batches.
/// </summary>
public sealed class StoredIdentityState(IKeyValueBytes store, int cacheCapacity = 200_000) : IIdentityState
{
    private const string SeqKey = "seq";

    private readonly Dictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private long? _seq;
    private bool _seqDirty;
    private long _clock;

    public IdentifierNode? GetIdentifier(string identifier) => Get($"i:{identifier}", IdentityStateEncoding.Identifier);

    public void PutIdentifier(string identifier, IdentifierNode node) => Put($"i:{identifier}", node, Encoder(IdentityStateEncoding.Identifier));

    public ClusterNode GetCluster(string root) =>
        Get($"c:{root}", IdentityStateEncoding.Cluster) ?? throw new InvalidOperationException($"identity state has no cluster rooted at {root}");

    public void PutCluster(string root, ClusterNode cluster) => Put($"c:{root}", cluster, Encoder(IdentityStateEncoding.Cluster));

    public void DeleteCluster(string root) => Put($"c:{root}", null, null);

    public EntityVersion? GetVersion(string entityKey) => Get($"v:{entityKey}", IdentityStateEncoding.Version);

    public void PutVersion(string entityKey, EntityVersion version) => Put($"v:{entityKey}", version, Encoder(IdentityStateEncoding.Version));

    public WebEventNode? GetWebEvent(string eventId) => Get($"e:{eventId}", IdentityStateEncoding.WebEvent);

    public void PutWebEvent(string eventId, WebEventNode node) => Put($"e:{eventId}", node, Encoder(IdentityStateEncoding.WebEvent));

    public WeakNode? GetWeak(string identifier) => Get($"w:{identifier}", IdentityStateEncoding.Weak);

    public void PutWeak(string identifier, WeakNode node) => Put($"w:{identifier}", node, Encoder(IdentityStateEncoding.Weak));

    public long NextSeq()
    {
        _seq ??= store.Get(SeqKey) is { } bytes ? BitConverter.ToInt64(bytes) : 0;
        _seqDirty = true;
        _seq++;
        return _seq.Value;
    }

    /// <summary>Writes every changed node to the store and trims the cache.</summary>
    public void Flush()
    {
        foreach (var key in _dirty)
        {
            var entry = _cache[key];
            if (entry.Value is null)
            {
                store.Delete(key);
                _cache.Remove(key);
            }
            else
            {
                store.Put(key, entry.Encode!(entry.Value));
            }
        }

        _dirty.Clear();
        if (_seqDirty)
        {
            store.Put(SeqKey, BitConverter.GetBytes(_seq!.Value));
            _seqDirty = false;
        }

        if (_cache.Count > cacheCapacity)
        {
            // Clean entries only remain; dropping the least recently used half keeps the cost amortized.
            foreach (var key in _cache.OrderBy(e => e.Value.LastUse).Take(_cache.Count - (cacheCapacity / 2)).Select(e => e.Key).ToList())
            {
                _cache.Remove(key);
            }
        }
    }

    /// <summary>Forgets everything decoded but not flushed (the batch is being abandoned).</summary>
    public void Discard()
    {
        _cache.Clear();
        _dirty.Clear();
        _seq = null;
        _seqDirty = false;
    }

    // One delegate per node kind, so that a flush encodes each entry without knowing its type.
    private static Func<object, byte[]> Encoder<T>(VersionedAvroEncoding<T> encoding) => EncoderCache<T>.Get(encoding);

    private T? Get<T>(string key, VersionedAvroEncoding<T> encoding)
        where T : class
    {
        if (_cache.TryGetValue(key, out var entry))
        {
            entry.LastUse = ++_clock;
            return (T?)entry.Value;
        }

        var bytes = store.Get(key);
        var value = bytes is null ? null : encoding.Decode(bytes);
        if (value is not null)
        {
            _cache[key] = new Entry { Value = value, LastUse = ++_clock, Encode = Encoder(encoding) };
        }

        return value;
    }

    private void Put(string key, object? value, Func<object, byte[]>? encode)
    {
        if (_cache.TryGetValue(key, out var entry))
        {
            entry.Value = value;
            entry.LastUse = ++_clock;
            entry.Encode = encode ?? entry.Encode;
        }
        else
        {
            _cache[key] = new Entry { Value = value, LastUse = ++_clock, Encode = encode };
        }

        _dirty.Add(key);
    }

    private static class EncoderCache<T>
    {
        private static Func<object, byte[]>? _encode;

        public static Func<object, byte[]> Get(VersionedAvroEncoding<T> encoding) => _encode ??= value => encoding.Encode((T)value);
    }

    private sealed class Entry
    {
        public object? Value { get; set; }

        public long LastUse { get; set; }

        public Func<object, byte[]>? Encode { get; set; }
    }
}
