using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Tests.State;

public sealed class RocksDbStateStoreTests : StateStoreContract
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "customerstream-rocksdb-tests", Guid.NewGuid().ToString("N"));

    protected override IStateStore Open() => RocksDbStateStore.Open("test", Path.Combine(_root, Guid.NewGuid().ToString("N")));

    [Fact]
    public void Flushed_contents_survive_closing_and_reopening()
    {
        var directory = Path.Combine(_root, "reopen");
        using (var store = RocksDbStateStore.Open("test", directory))
        {
            store.Write(Enumerable.Range(0, 1_000).Select(i => new KeyValuePair<byte[], byte[]?>(BitConverter.GetBytes(i), BitConverter.GetBytes(i * 2))));
            store.Delete(BitConverter.GetBytes(5));
            store.Flush();
        }

        using var reopened = RocksDbStateStore.Open("test", directory);
        Assert.Equal(BitConverter.GetBytes(84), reopened.Get(BitConverter.GetBytes(42)));
        Assert.Null(reopened.Get(BitConverter.GetBytes(5)));
        Assert.Equal(999, reopened.Range(null, null).Count());
    }

    protected override void Cleanup()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
