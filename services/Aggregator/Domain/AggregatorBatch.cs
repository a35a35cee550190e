using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;

namespace CustomerStream.Aggregator.Domain;

/// <summary>What one batch produced: the outputs to publish and the states to store, all or nothing.</summary>
public sealed class AggregatorBatch
{
    public static readonly AggregatorBatch Empty = new([], [], [], [], null);

    public AggregatorBatch(
        IReadOnlyList<CustomerChange> changes,
        IReadOnlyList<CustomerProfileChanged> profileChanges,
        IReadOnlyList<StateTransfer> transfers,
        IReadOnlyList<CustomerState> updatedStates,
        AggregatorTaskState? updatedTaskState)
    {
        Changes = changes;
        ProfileChanges = profileChanges;
        Transfers = transfers;
        UpdatedStates = updatedStates;
        UpdatedTaskState = updatedTaskState;
    }

    /// <summary>One per changed customer (two when an ID was merged away and re-activated in the same batch).</summary>
    public IReadOnlyList<CustomerChange> Changes { get; }

    /// <summary>One per customer whose profile fields changed.</summary>
    public IReadOnlyList<CustomerProfileChanged> ProfileChanges { get; }

    /// <summary>States of merged-away customers, to deliver to <see cref="StateTransfer.TargetId"/>.</summary>
    public IReadOnlyList<StateTransfer> Transfers { get; }

    /// <summary>States that changed and must be stored with the batch.</summary>
    public IReadOnlyList<CustomerState> UpdatedStates { get; }

    /// <summary>The task state, when it changed and must be stored with the batch.</summary>
    public AggregatorTaskState? UpdatedTaskState { get; }
}
