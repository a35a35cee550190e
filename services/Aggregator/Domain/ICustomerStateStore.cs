namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// Where the aggregator reads a customer's state when the batch reaches it, and writes it back once the
/// batch is done with it (a state store, or a dictionary in tests). A batch loads each customer once and
/// saves it at most once, so a store may buffer the saves until the batch commits.
/// </summary>
public interface ICustomerStateStore
{
    /// <summary>The stored state of <paramref name="customerId"/>, or null when the ID was never seen.</summary>
    CustomerState? Load(string customerId);

    /// <summary>Stores a state the batch changed.</summary>
    void Save(CustomerState state);
}
