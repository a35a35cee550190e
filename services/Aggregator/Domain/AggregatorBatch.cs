using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;

namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// What one batch produced: the transfers to send, what became of each input, the task state to store,
/// and the outputs (in <see cref="Changes"/> and <see cref="ProfileChanges"/> unless they went to an
/// <see cref="IAggregatorOutput"/>; the counts are there either way).
/// </summary>
public sealed class AggregatorBatch
{
    public static readonly AggregatorBatch Empty = new([], [], [], [], null, 0, default);

    public AggregatorBatch(
        IReadOnlyList<CustomerChange> changes,
        IReadOnlyList<CustomerProfileChanged> profileChanges,
        IReadOnlyList<StateTransfer> transfers,
        IReadOnlyList<FactOutcome> outcomes,
        AggregatorTaskState? updatedTaskState,
        int savedStates,
        OutputCounts counts)
    {
        Changes = changes;
        ProfileChanges = profileChanges;
        Transfers = transfers;
        Outcomes = outcomes;
        UpdatedTaskState = updatedTaskState;
        SavedStates = savedStates;
        Counts = counts;
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

    /// <summary>How many outputs the batch produced.</summary>
    public OutputCounts Counts { get; }

    /// <summary>Outputs of a batch by kind.</summary>
    public readonly record struct OutputCounts(int Changes, int Removals, int ProfileChanges);
}
