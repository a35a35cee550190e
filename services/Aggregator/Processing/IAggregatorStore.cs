using CustomerStream.Aggregator.Domain;

namespace CustomerStream.Aggregator.Processing;

/// <summary>One task's storage: its customers' states and its own task state (a state store partition in the service).</summary>
public interface IAggregatorStore : ICustomerStateStore
{
    AggregatorTaskState? LoadTaskState();

    void SaveTaskState(AggregatorTaskState state);
}
