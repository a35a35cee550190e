namespace CustomerStream.Aggregator.Domain;

/// <summary>Where the aggregator finds a customer's state at the start of a batch (a state store, or a dictionary in tests).</summary>
public interface ICustomerStateSource
{
    /// <summary>The stored state of <paramref name="customerId"/>, or null when the ID was never seen.</summary>
    CustomerState? Load(string customerId);
}
