using CustomerStream.Streaming.Serialization;
using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Tests.State;

/// <summary>The typed store a processor sees: batch writes in a cache, reads through it.</summary>
public sealed class CachedKeyValueStoreTests : IDisposable
{
    private static readonly KeyValueStoreDefinition<string, long> Definition = new("s", Serdes.Utf8, Serdes.Int64, StoreKind.InMemory);
    private readonly InMemoryStateStore _local = new("s");
    private readonly CachedKeyValueStore<string, long> _store;

    public CachedKeyValueStoreTests()
    {
        _store = new CachedKeyValueStore<string, long>(Definition, _local);
    }

    [Fact]
    public void Batch_writes_are_read_back_before_they_reach_the_local_store()
    {
        _store.Put("a", 1);

        Assert.True(_store.TryGet("a", out var value));
        Assert.Equal(1, value);
        Assert.Null(_local.Get(Serdes.Utf8.Serialize("a")));
    }

    [Fact]
    public void A_delete_in_the_batch_hides_a_local_key()
    {
        _local.Put(Serdes.Utf8.Serialize("a"), Serdes.Int64.Serialize(5));
        _store.Delete("a");

        Assert.False(_store.TryGet("a", out _));
        Assert.Empty(_store.All());
    }

    [Fact]
    public void Scans_merge_batch_writes_with_local_entries_in_key_order()
    {
        foreach (var (key, value) in new[] { ("b", 2L), ("d", 4L), ("f", 6L) })
        {
            _local.Put(Serdes.Utf8.Serialize(key), Serdes.Int64.Serialize(value));
        }

        _store.Put("a", 10);
        _store.Put("d", 40);
        _store.Delete("f");
        _store.Put("e", 50);
        _store.Put("z", 90);

        Assert.Equal([("a", 10L), ("b", 2L), ("d", 40L), ("e", 50L), ("z", 90L)], _store.All().Select(e => (e.Key, e.Value)));
        Assert.Equal([("b", 2L), ("d", 40L)], _store.Range("b", "e").Select(e => (e.Key, e.Value)));
    }

    [Fact]
    public void A_prefix_scan_sees_batch_writes()
    {
        _local.Put(Serdes.Utf8.Serialize("customer-1|a"), Serdes.Int64.Serialize(1));
        _local.Put(Serdes.Utf8.Serialize("customer-2|a"), Serdes.Int64.Serialize(2));
        _store.Put("customer-1|b", 3);

        Assert.Equal(["customer-1|a", "customer-1|b"], _store.PrefixScan("customer-1|", Serdes.Utf8).Select(e => e.Key));
    }

    [Fact]
    public void The_changes_of_a_batch_hold_each_key_once_with_its_last_value()
    {
        _store.Put("a", 1);
        _store.Put("b", 1);
        _store.Put("a", 2);
        _store.Delete("b");
        _store.Put("c", 3);

        var changes = _store.Cache.Changes().Select(c => (Serdes.Utf8.Deserialize(c.Key), c.Value is null ? (long?)null : Serdes.Int64.Deserialize(c.Value)));
        Assert.Equal([("a", 2L), ("b", null), ("c", 3L)], changes);
    }

    public void Dispose() => _store.Dispose();
}
