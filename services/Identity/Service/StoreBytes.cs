using CustomerStream.Identity.Domain;
using CustomerStream.Streaming.State;

namespace CustomerStream.Identity.Service;

/// <summary>The identity graph's byte store, over a runtime state store (RocksDB + changelog).</summary>
internal sealed class StoreBytes(IKeyValueStore<string, byte[]> store) : IKeyValueBytes
{
    public byte[]? Get(string key) => store.TryGet(key, out var value) ? value : null;

    public void Put(string key, byte[] value) => store.Put(key, value);

    public void Delete(string key) => store.Delete(key);

    /// <summary>Every identifier node (<c>i:</c> keys), for the one-time derived-ID index.</summary>
    public IEnumerable<KeyValuePair<string, byte[]>> Identifiers() => store.Range("i:", "i;");
}
