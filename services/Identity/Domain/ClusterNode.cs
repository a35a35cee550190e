namespace CustomerStream.Identity.Domain;

/// <summary>A set of linked strong identifiers (a customer), stored under its root identifier.</summary>
public sealed class ClusterNode
{
    public List<string> Members { get; set; } = [];

    /// <summary>The Customer360 ID facts of this cluster are addressed to (derived from its anchor).</summary>
    public string CustomerId { get; set; } = "";

    /// <summary>Acquisition last announced for <see cref="CustomerId"/>.</summary>
    public DateTime? AcquiredAt { get; set; }

    public string? AcquisitionSource { get; set; }

    /// <summary>Weak identifiers whose latest registration belongs to this cluster (for their links).</summary>
    public List<string> WeakMembers { get; set; } = [];
}
