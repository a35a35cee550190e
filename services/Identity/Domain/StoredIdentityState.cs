using System.Text;
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

    // The erased Customer360 IDs, one key: erasures are rare, and the set is read on every record once one exists.
    private const string ErasedKey = "erased";
    private const string DerivedIndexKey = "index:derived";
    private static readonly Func<object, byte[]> Utf8Encoder = value => Encoding.UTF8.GetBytes((string)value);

    private readonly Dictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private HashSet<string>? _erased;
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

    public void DeleteIdentifier(string identifier) => Put($"i:{identifier}", null, null);

    public string? GetIdentifierOf(string derivedId) => GetText($"d:{derivedId}");

    public void PutIdentifierOf(string derivedId, string identifier) => Put($"d:{derivedId}", identifier, Utf8Encoder);

    public void DeleteIdentifierOf(string derivedId) => Put($"d:{derivedId}", null, null);

    public void DeleteVersion(string entityKey) => Put($"v:{entityKey}", null, null);

    public void DeleteWebEvent(string eventId) => Put($"e:{eventId}", null, null);

    public void DeleteWeak(string identifier) => Put($"w:{identifier}", null, null);

    public bool HasErasures => Erased.Count > 0;

    /// <summary>
    /// Writes the derived-ID index (<c>d:&lt;id&gt;</c>) for every identifier of <paramref name="identifiers"/> (the store's
    /// <c>i:</c> entries) unless the store has it already: a graph stored before the index existed gets it once, in the
    /// first batch after an upgrade, so that every person it holds can be found by an erasure request.
    /// </summary>
    /// <returns>Entries written (0 when the index was there).</returns>
    public int EnsureDerivedIndex(Func<IEnumerable<KeyValuePair<string, byte[]>>> identifiers)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        if (GetText(DerivedIndexKey) is not null)
        {
            return 0;
        }

        var written = 0;
        foreach (var (key, bytes) in identifiers())
        {
            PutIdentifierOf(IdentityStateEncoding.Identifier.Decode(bytes).DerivedId, key[2..]);
            written++;
        }

        Put(DerivedIndexKey, "1", Utf8Encoder);
        return written;
    }

    public bool IsErased(string derivedId) => Erased.Contains(derivedId);

    public void MarkErased(string derivedId)
    {
        if (Erased.Add(derivedId))
        {
            Put(ErasedKey, string.Join('\n', _erased!.Order(StringComparer.Ordinal)), Utf8Encoder);
        }
    }

    private HashSet<string> Erased => _erased ??= GetText(ErasedKey) is { Length: > 0 } text
        ? new HashSet<string>(text.Split('\n'), StringComparer.Ordinal)
        : new HashSet<string>(StringComparer.Ordinal);

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
        _erased = null;
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

    private string? GetText(string key)
    {
        if (_cache.TryGetValue(key, out var entry))
        {
            entry.LastUse = ++_clock;
            return (string?)entry.Value;
        }

        var bytes = store.Get(key);
        var value = bytes is null ? null : Encoding.UTF8.GetString(bytes);
        if (value is not null)
        {
            _cache[key] = new Entry { Value = value, LastUse = ++_clock, Encode = Utf8Encoder };
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
