namespace CustomerStream.Identity.Domain;

/// <summary>What identity knows of one strong identifier.</summary>
public sealed class IdentifierNode
{
    /// <summary>Root identifier of the cluster this identifier belongs to (itself when it is the root).</summary>
    public string Root { get; set; } = "";

    /// <summary><c>Customer360Id.From(this identifier)</c>, kept so it is hashed once.</summary>
    public string DerivedId { get; set; } = "";

    public DateTime FirstSeen { get; set; }

    public string? SourceSystem { get; set; }

    /// <summary>Earliest acquisition evidence carried by a record holding this identifier.</summary>
    public DateTime? AcquiredAt { get; set; }

    public string? AcquisitionSource { get; set; }
}
