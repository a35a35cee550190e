using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Projection.Writing;

/// <summary>
/// Records to apply to the marts in one transaction, in any order and with any duplicates: every
/// write is conditional on versions (changes, links, merges) or keyed by content (rejections).
/// </summary>
public sealed class ProjectionBatch
{
    public List<CustomerChange> Changes { get; } = [];

    public List<IdentityLink> Links { get; } = [];

    public List<CustomerMerged> Merges { get; } = [];

    public List<RejectedRecord> Rejections { get; } = [];

    /// <summary>
    /// The topic partitions the records came from. The writer locks each for the transaction, so that two
    /// instances briefly owning the same partition (during a rebalance) cannot interleave their writes
    /// for the same customer. Empty when the caller guarantees a single writer.
    /// </summary>
    public HashSet<SourcePartition> Partitions { get; } = [];

    public int Count => Changes.Count + Links.Count + Merges.Count + Rejections.Count;
}
