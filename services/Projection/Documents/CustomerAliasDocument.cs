namespace CustomerStream.Projection.Documents;

/// <summary>A Customer360 ID that was merged into another one (from <c>customer.merged.v1</c>).</summary>
public sealed class CustomerAliasDocument
{
    /// <summary>The merged (alias) ID.</summary>
    public string Id { get; set; } = "";

    public string SurvivorId { get; set; } = "";

    /// <summary>Identity sequence of the merge; a later merge of the same ID replaces this one.</summary>
    public long Version { get; set; }

    public string EventId { get; set; } = "";
    public DateTime MergedAt { get; set; }
    public string Reason { get; set; } = "";
    public string? LinkingIdentifier { get; set; }
    public DateTime UpdatedAt { get; set; }
}
