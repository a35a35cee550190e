namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// What one task keeps beside its customers: how far it has read the identity facts of its partition,
/// and the transfers that arrived before that point reached their merge. Stored with the batch.
/// </summary>
public sealed class AggregatorTaskState
{
    /// <summary>
    /// Highest identity seq consumed from this task's partition. Identity writes facts in seq order, so
    /// every fact of this partition with a lower seq has been applied.
    /// </summary>
    public long FactWatermark { get; set; }

    /// <summary>Transfers waiting for <see cref="FactWatermark"/> to reach their route seq.</summary>
    public List<StateTransfer> Parked { get; } = [];

    /// <summary>
    /// Batches this task has stored. A task that finds fewer than it ended knows that its last batch
    /// was abandoned (and possibly published): it starts a new incarnation.
    /// </summary>
    public long Batches { get; set; }
}
