using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Processing;
using CustomerStream.Aggregator.Serialization;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>
/// An <see cref="IAggregatorStore"/> with the runtime's batch semantics: writes go to a batch layer
/// that is either committed or thrown away (an abandoned batch), reads see the batch's own writes.
/// Everything is kept as bytes, as a state store does.
/// </summary>
public sealed class TransactionalStore : IAggregatorStore
{
    private const string TaskKey = "\0task";

    private readonly Dictionary<string, byte[]> _committed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _batch = new(StringComparer.Ordinal);

    public CustomerState? Load(string customerId) =>
        Get(customerId) is { } bytes ? CustomerStateSerializer.Deserialize(bytes) : null;

    public void Save(CustomerState state) => _batch[state.CustomerId] = CustomerStateSerializer.Serialize(state);

    public AggregatorTaskState? LoadTaskState() =>
        Get(TaskKey) is { } bytes ? CustomerStateSerializer.DeserializeTaskState(bytes) : null;

    public void SaveTaskState(AggregatorTaskState state) => _batch[TaskKey] = CustomerStateSerializer.SerializeTaskState(state);

    public void Commit()
    {
        foreach (var (key, value) in _batch)
        {
            _committed[key] = value;
        }

        _batch.Clear();
    }

    public void Abandon() => _batch.Clear();

    private byte[]? Get(string key) => _batch.TryGetValue(key, out var pending) ? pending : _committed.GetValueOrDefault(key);
}
