using CustomerStream.Streaming.Serialization;

namespace CustomerStream.Streaming.State;

/// <summary>A typed key-value store of a topology; pass it to <c>IProcessorContext.GetStore</c> to reach the task's partition.</summary>
public sealed class KeyValueStoreDefinition<TKey, TValue> : StoreDefinition
{
    /// <summary>Defines a store.</summary>
    /// <param name="name">Unique within the application: letters, digits, '.', '_', '-'.</param>
    /// <param name="keySerde">Key serde; its byte order is the store's key order.</param>
    /// <param name="valueSerde">Value serde.</param>
    /// <param name="kind">RocksDB (default) or memory.</param>
    public KeyValueStoreDefinition(string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, StoreKind kind = StoreKind.RocksDb)
        : base(name, kind)
    {
        ArgumentNullException.ThrowIfNull(keySerde);
        ArgumentNullException.ThrowIfNull(valueSerde);
        KeySerde = keySerde;
        ValueSerde = valueSerde;
    }

    /// <summary>The key serde.</summary>
    public ISerde<TKey> KeySerde { get; }

    /// <summary>The value serde.</summary>
    public ISerde<TValue> ValueSerde { get; }

    internal override ITaskStore CreateTaskStore(IStateStore local) => new CachedKeyValueStore<TKey, TValue>(this, local);
}
