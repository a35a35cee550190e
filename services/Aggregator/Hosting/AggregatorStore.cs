using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Processing;
using CustomerStream.Aggregator.Serialization;
using CustomerStream.Streaming.State;

namespace CustomerStream.Aggregator.Hosting;

/// <summary>
/// One task's <see cref="IAggregatorStore"/> on the runtime's stores: customer states by Customer360 ID in
/// one store, the task state under a single key in another. Values are the aggregator's own binary format
/// (<see cref="CustomerStateSerializer"/>), so the store and its changelog hold exactly what a transfer carries.
/// </summary>
internal sealed class AggregatorStore(IKeyValueStore<string, StoredCustomer> customers, IKeyValueStore<string, byte[]> task) : IAggregatorStore
{
    private const string TaskKey = "task";

    /// <summary>Bytes of customer state written since the last <see cref="TakeBytesWritten"/>.</summary>
    private long _bytesWritten;

    public CustomerState? Load(string customerId) =>
        customers.TryGet(customerId, out var stored) ? stored.State : null;

    public void Save(CustomerState state)
    {
        var stored = StoredCustomer.Of(state);
        _bytesWritten += stored.Encoded!.Length + state.CustomerId.Length;
        customers.Put(state.CustomerId, stored);
    }

    public AggregatorTaskState? LoadTaskState() =>
        task.TryGet(TaskKey, out var bytes) ? CustomerStateSerializer.DeserializeTaskState(bytes) : null;

    public void SaveTaskState(AggregatorTaskState state) => task.Put(TaskKey, CustomerStateSerializer.SerializeTaskState(state));

    public long TakeBytesWritten()
    {
        var written = _bytesWritten;
        _bytesWritten = 0;
        return written;
    }
}
