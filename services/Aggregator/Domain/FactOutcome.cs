namespace CustomerStream.Aggregator.Domain;

/// <summary>What happened to one input of the aggregator.</summary>
public enum FactOutcome
{
    /// <summary>Taken into the customer's state (it may still have changed nothing visible).</summary>
    Applied,

    /// <summary>Already applied before (a fact with seq ≤ last seq, or a transfer seen before): ignored.</summary>
    Duplicate,

    /// <summary>A transfer for an earlier life of a merged-away ID: sent on to the customer that absorbed it.</summary>
    Forwarded,

    /// <summary>
    /// A transfer that arrived before this task read the facts up to its merge: it waits (in the task
    /// state) until then, because one of those facts may merge the target away first.
    /// </summary>
    Parked,

    /// <summary>A fact or transfer for a customer erased since (the erasure ledger): forgotten with it.</summary>
    Erased,
}
