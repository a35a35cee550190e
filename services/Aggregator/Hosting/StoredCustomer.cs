using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Serialization;
using CustomerStream.Streaming.Serialization;

namespace CustomerStream.Aggregator.Hosting;

/// <summary>
/// A value of the customers store: the encoded state on its way in (so that the store's writer knows its
/// size), the decoded state on its way out, decoded straight from the bytes the store returns instead of
/// from a copy of them.
/// </summary>
internal sealed class StoredCustomer
{
    private StoredCustomer(byte[]? encoded, CustomerState? state)
    {
        Encoded = encoded;
        State = state;
    }

    /// <summary>Customer states in <see cref="CustomerStateSerializer"/>'s format.</summary>
    public static ISerde<StoredCustomer> Serde { get; } = Serdes.Create<StoredCustomer>(
        static value => value.Encoded ?? throw new InvalidOperationException("A state read from the store is not written back as it is."),
        static data => new StoredCustomer(null, CustomerStateSerializer.Deserialize(data)));

    /// <summary>The bytes to store (null for a value read from the store).</summary>
    public byte[]? Encoded { get; }

    /// <summary>The state read (null for a value to store).</summary>
    public CustomerState? State { get; }

    public static StoredCustomer Of(CustomerState state) => new(CustomerStateSerializer.Serialize(state), null);
}
