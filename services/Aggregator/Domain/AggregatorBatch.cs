using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;

namespace CustomerStream.Aggregator.Domain;

/// <summary>What one batch produced: the outputs to publish, what became of each input, and the task state to store.</summary>
public sealed class AggregatorBatch
{
    public static readonly AggregatorBatch Empty = new([], [], [], [], null, 0);

    public AggregatorBatch(
        IReadOnlyList<CustomerChange> changes,
        IReadOnlyList<CustomerProfileChanged> profileChanges,
        IReadOnlyList<StateTransfer> transfers,
        IReadOnlyList<FactOutcome> outcomes,
        AggregatorTaskState? updatedTaskState,
        int savedStates)
    {
        Changes = changes;
        ProfileChanges = profileChanges;
        Transfers = transfers;
        Outcomes = outcomes;
        UpdatedTaskState = updatedTaskState;
        SavedStates = savedStates;
    }

    /// <summary>One per changed customer (two when an ID was merged away and re-activated in the same batch).</summary>
    public IReadOnlyList<CustomerChange> Changes { get; }

    /// <summary>One per customer whose profile fields changed.</summary>
    public IReadOnlyList<CustomerProfileChanged> ProfileChanges { get; }

    /// <summary>States of merged-away customers, to deliver to <see cref="StateTransfer.TargetId"/>.</summary>
    public IReadOnlyList<StateTransfer> Transfers { get; }

    /// <summary>What became of each input of the batch, in the order they were given.</summary>
    public IReadOnlyList<FactOutcome> Outcomes { get; }

    /// <summary>The task state, when it changed and must be stored with the batch.</summary>
    public AggregatorTaskState? UpdatedTaskState { get; }

    /// <summary>Customer states the batch changed and handed to the store.</summary>
    public int SavedStates { get; }
}
