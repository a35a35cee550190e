using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Serialization;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>
/// A state store for the pure aggregator: either keeps the objects (so incremental figures live on
/// across batches) or only the serialized bytes (so every batch starts from a decoded state, like a
/// task restored from its changelog).
/// </summary>
public sealed class InMemoryStates(bool serialize) : ICustomerStateSource
{
    private readonly Dictionary<string, CustomerState> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);

    public bool Serializes => serialize;

    public IEnumerable<string> Keys => serialize ? _bytes.Keys : _objects.Keys;

    public long TotalBytes => _bytes.Values.Sum(b => (long)b.Length);

    public CustomerState? Load(string customerId)
    {
        if (serialize)
        {
            return _bytes.TryGetValue(customerId, out var bytes) ? CustomerStateSerializer.Deserialize(bytes) : null;
        }

        return _objects.GetValueOrDefault(customerId);
    }

    public void Save(IEnumerable<CustomerState> states)
    {
        foreach (var state in states)
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
    }
}
