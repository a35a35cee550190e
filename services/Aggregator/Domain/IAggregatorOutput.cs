using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;

namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// Receives a batch's outputs customer by customer, as the batch produces them, so that they can be
/// encoded and let go at once (the service forwards them to its output topics).
/// </summary>
public interface IAggregatorOutput
{
    void Change(CustomerChange change);

    void ProfileChanged(CustomerProfileChanged profile);

    /// <summary>The customer was erased: its key on the compacted profile topic gets a tombstone (a null value).</summary>
    void ProfileErased(string customerId);
}
