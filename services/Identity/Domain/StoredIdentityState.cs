using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

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

    /// <summary>Nodes decoded in memory right now.</summary>
    public int CachedNodes => _cache.Count;

    public IdentifierNode? GetIdentifier(string identifier) => Get($"i:{identifier}", IdentityStateJsonContext.Default.IdentifierNode);

    public void PutIdentifier(string identifier, IdentifierNode node) => Put($"i:{identifier}", node);

    public ClusterNode GetCluster(string root) =>
        Get($"c:{root}", IdentityStateJsonContext.Default.ClusterNode) ?? throw new InvalidOperationException($"identity state has no cluster rooted at {root}");

    public void PutCluster(string root, ClusterNode cluster) => Put($"c:{root}", cluster);

    public void DeleteCluster(string root) => Put($"c:{root}", null);

    public EntityVersion? GetVersion(string entityKey) => Get($"v:{entityKey}", IdentityStateJsonContext.Default.EntityVersion);

    public void PutVersion(string entityKey, EntityVersion version) => Put($"v:{entityKey}", version);

    public WebEventNode? GetWebEvent(string eventId) => Get($"e:{eventId}", IdentityStateJsonContext.Default.WebEventNode);

    public void PutWebEvent(string eventId, WebEventNode node) => Put($"e:{eventId}", node);

    public WeakNode? GetWeak(string identifier) => Get($"w:{identifier}", IdentityStateJsonContext.Default.WeakNode);

    public void PutWeak(string identifier, WeakNode node) => Put($"w:{identifier}", node);

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
                store.Put(key, JsonSerializer.SerializeToUtf8Bytes(entry.Value, entry.Value.GetType(), IdentityStateJsonContext.Default));
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

    private T? Get<T>(string key, JsonTypeInfo<T> type)
        where T : class
    {
        if (_cache.TryGetValue(key, out var entry))
        {
            entry.LastUse = ++_clock;
            return (T?)entry.Value;
        }

        var bytes = store.Get(key);
        var value = bytes is null ? null : JsonSerializer.Deserialize(bytes, type);
        if (value is not null)
        {
            _cache[key] = new Entry { Value = value, LastUse = ++_clock };
        }

        return value;
    }

    private void Put(string key, object? value)
    {
        if (_cache.TryGetValue(key, out var entry))
        {
            entry.Value = value;
            entry.LastUse = ++_clock;
        }
        else
        {
            _cache[key] = new Entry { Value = value, LastUse = ++_clock };
        }

        _dirty.Add(key);
    }

    private sealed class Entry
    {
        public object? Value { get; set; }

        public long LastUse { get; set; }
    }
}
