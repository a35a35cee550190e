namespace CustomerStream.Streaming.State;

/// <summary>Where a store keeps its data.</summary>
public enum StoreKind
{
    /// <summary>RocksDB on local disk: state larger than memory, and a clean restart replays only the changelog's tail.</summary>
    RocksDb,

    /// <summary>Memory: for tests and small state; every start restores the whole changelog.</summary>
    InMemory,
}
