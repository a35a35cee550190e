using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Processing;
using CustomerStream.Aggregator.Serialization;
using CustomerStream.Streaming.State;

namespace CustomerStream.Aggregator.Hosting;

/// <summary>A task's customer states and task state in a runtime store (RocksDB + changelog), in the binary state format.</summary>
internal sealed class RuntimeAggregatorStore(IKeyValueStore<string, byte[]> store) : IAggregatorStore
{
    private const string TaskKey = "t:";

    public CustomerState? Load(string customerId) =>
        store.TryGet(CustomerKey(customerId), out var bytes) ? CustomerStateSerializer.Deserialize(bytes) : null;

    public void Save(CustomerState state) => store.Put(CustomerKey(state.CustomerId), CustomerStateSerializer.Serialize(state));

    public AggregatorTaskState? LoadTaskState() =>
        store.TryGet(TaskKey, out var bytes) ? CustomerStateSerializer.DeserializeTaskState(bytes) : null;

    public void SaveTaskState(AggregatorTaskState state) => store.Put(TaskKey, CustomerStateSerializer.SerializeTaskState(state));

    private static string CustomerKey(string customerId) => "c:" + customerId;
}
