using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Tests.State;

public sealed class InMemoryStateStoreTests : StateStoreContract
{
    protected override IStateStore Open() => new InMemoryStateStore("test");

    [Fact]
    public void Scans_are_snapshots_so_writing_while_enumerating_is_allowed()
    {
        var store = NewStore();
        store.Put([1], [1]);
        store.Put([2], [2]);

        foreach (var (key, _) in store.Range(null, null))
        {
            store.Put([(byte)(key[0] + 10)], [0]);
        }

        Assert.Equal(4, store.ApproximateCount);
    }
}
