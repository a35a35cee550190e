using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Tests.State;

/// <summary>What every store implementation must do; each implementation runs it through a subclass.</summary>
public abstract class StateStoreContract : IDisposable
{
    private readonly List<IStateStore> _opened = [];

    protected abstract IStateStore Open();

    protected IStateStore NewStore()
    {
        var store = Open();
        _opened.Add(store);
        return store;
    }

    [Fact]
    public void A_put_value_is_read_back_and_a_missing_key_reads_null()
    {
        var store = NewStore();
        store.Put([1, 2], [10]);

        Assert.Equal([10], store.Get([1, 2]));
        Assert.Null(store.Get([1, 3]));
    }

    [Fact]
    public void A_put_replaces_the_previous_value()
    {
        var store = NewStore();
        store.Put([1], [10]);
        store.Put([1], [11, 12]);

        Assert.Equal([11, 12], store.Get([1]));
        Assert.Single(store.Range(null, null));
    }

    [Fact]
    public void An_empty_value_is_a_value_not_an_absence()
    {
        var store = NewStore();
        store.Put([1], []);

        Assert.Equal(Array.Empty<byte>(), store.Get([1])!);
    }

    [Fact]
    public void Delete_removes_a_key_and_deleting_a_missing_key_is_harmless()
    {
        var store = NewStore();
        store.Put([1], [10]);
        store.Delete([1]);
        store.Delete([2]);

        Assert.Null(store.Get([1]));
        Assert.Empty(store.Range(null, null));
    }

    [Fact]
    public void Write_applies_puts_and_deletes_together()
    {
        var store = NewStore();
        store.Put([1], [10]);
        store.Write([new([1], null), new([2], [20]), new([3], [30])]);

        Assert.Null(store.Get([1]));
        Assert.Equal([20], store.Get([2]));
        Assert.Equal([30], store.Get([3]));
    }

    [Fact]
    public void Range_follows_unsigned_byte_order_with_an_inclusive_start_and_exclusive_end()
    {
        var store = NewStore();
        foreach (var key in new byte[][] { [0xFF], [0x80], [0x00], [0x7F], [0x80, 0x00], [0x01] })
        {
            store.Put(key, key);
        }

        var all = store.Range(null, null).Select(e => e.Key).ToArray();
        byte[][] expected = [[0x00], [0x01], [0x7F], [0x80], [0x80, 0x00], [0xFF]];
        Assert.Equal(expected, all);

        var middle = store.Range([0x01], [0x80, 0x00]).Select(e => e.Key).ToArray();
        Assert.Equal([[0x01], [0x7F], [0x80]], middle);

        Assert.Equal([[0x80], [0x80, 0x00], [0xFF]], store.Range([0x80], null).Select(e => e.Key).ToArray());
        Assert.Equal([[0x00], [0x01]], store.Range(null, [0x7F]).Select(e => e.Key).ToArray());
        Assert.Empty(store.Range([0x90], [0x91]));
    }

    [Fact]
    public void Range_entries_carry_their_values()
    {
        var store = NewStore();
        store.Put([1], [10]);
        store.Put([2], [20]);

        Assert.Equal([new KeyValuePair<byte[], byte[]>([1], [10]), new KeyValuePair<byte[], byte[]>([2], [20])],
            store.Range(null, null).ToArray(), new EntryComparer());
    }

    [Fact]
    public void PrefixScan_returns_exactly_the_keys_that_start_with_the_prefix()
    {
        var store = NewStore();
        foreach (var key in new byte[][] { [1], [1, 0], [1, 0xFF], [1, 0xFF, 7], [2], [0, 9], [0xFF, 0xFF], [0xFF, 0xFF, 1] })
        {
            store.Put(key, [1]);
        }

        Assert.Equal([[1], [1, 0], [1, 0xFF], [1, 0xFF, 7]], store.PrefixScan([1]).Select(e => e.Key).ToArray());
        Assert.Equal([[1, 0xFF], [1, 0xFF, 7]], store.PrefixScan([1, 0xFF]).Select(e => e.Key).ToArray());
        Assert.Equal([[0xFF, 0xFF], [0xFF, 0xFF, 1]], store.PrefixScan([0xFF, 0xFF]).Select(e => e.Key).ToArray());
        Assert.Empty(store.PrefixScan([3]));
    }

    [Fact]
    public void The_count_follows_distinct_keys()
    {
        var store = NewStore();
        for (var i = 0; i < 500; i++)
        {
            store.Put(BitConverter.GetBytes(i), [1]);
        }

        Assert.Equal(500, store.ApproximateCount);
    }

    [Fact]
    public void Arrays_handed_out_are_copies()
    {
        var store = NewStore();
        var key = new byte[] { 1 };
        var value = new byte[] { 10 };
        store.Put(key, value);
        key[0] = 9;
        value[0] = 99;
        store.Get([1])![0] = 77;

        Assert.Equal([10], store.Get([1]));
    }

    [Fact]
    public void Large_values_round_trip()
    {
        var store = NewStore();
        var value = new byte[2 * 1024 * 1024];
        new Random(7).NextBytes(value);
        store.Put([1], value);

        Assert.Equal(value, store.Get([1]));
    }

    public void Dispose()
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }

        Cleanup();
        GC.SuppressFinalize(this);
    }

    protected virtual void Cleanup() { }

    private sealed class EntryComparer : IEqualityComparer<KeyValuePair<byte[], byte[]>>
    {
        public bool Equals(KeyValuePair<byte[], byte[]> x, KeyValuePair<byte[], byte[]> y) =>
            x.Key.AsSpan().SequenceEqual(y.Key) && x.Value.AsSpan().SequenceEqual(y.Value);

        public int GetHashCode(KeyValuePair<byte[], byte[]> obj) => obj.Key.Length;
    }
}
