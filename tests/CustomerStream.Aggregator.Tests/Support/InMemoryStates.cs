using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Serialization;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>
/// A state store for the pure aggregator: either keeps the objects (so incremental figures live on
/// across batches) or only the serialized bytes (so every batch starts from a decoded state, like a
/// task restored from its changelog). Saves wait for <see cref="Commit"/> (or are dropped by
/// <see cref="Discard"/>), as the runtime keeps a batch's writes until the batch commits.
/// </summary>
public sealed class InMemoryStates(bool serialize) : ICustomerStateStore
{
    private readonly Dictionary<string, CustomerState> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CustomerState> _pending = new(StringComparer.Ordinal);

    public bool Serializes => serialize;

    public IEnumerable<string> Keys => serialize ? _bytes.Keys : _objects.Keys;

    public long TotalBytes => _bytes.Values.Sum(b => (long)b.Length);

    public CustomerState? Load(string customerId)
    {
        if (_pending.TryGetValue(customerId, out var pending))
        {
            return pending;
        }

        if (serialize)
        {
            return _bytes.TryGetValue(customerId, out var bytes) ? CustomerStateSerializer.Deserialize(bytes) : null;
        }

        return _objects.GetValueOrDefault(customerId);
    }

    public void Save(CustomerState state) => _pending[state.CustomerId] = state;

    /// <summary>The batch committed: its saves are stored.</summary>
    public void Commit()
    {
        foreach (var state in _pending.Values)
        {
            if (serialize)
            {
                _bytes[state.CustomerId] = CustomerStateSerializer.Serialize(state);
            }
            else
            {
                _objects[state.CustomerId] = state;
            }
        }

        _pending.Clear();
    }

    /// <summary>The batch did not commit: its saves are forgotten.</summary>
    public void Discard() => _pending.Clear();
}
