namespace CustomerStream.Projection.Documents;

/// <summary>Where one identifier resolves now (the latest <c>IdentityLink</c> by version).</summary>
public sealed class IdentityLinkDocument
{
    /// <summary>The namespaced identifier, e.g. <c>email:ann@example.com</c>.</summary>
    public string Id { get; set; } = "";

    public string CustomerId { get; set; } = "";

    /// <summary>
    /// The Customer360 ID this identifier would name on its own (<c>Customer360Id.From</c>): every ID a
    /// customer ever had is the derived ID of one of its identifiers, so these resolve every alias.
    /// </summary>
    public string DerivedId { get; set; } = "";

    /// <summary>The identifier's namespace: <c>email</c>, <c>device</c>, <c>cookie</c> or a source system.</summary>
    public string Namespace { get; set; } = "";

    public bool IsStrong { get; set; }
    public string? SourceSystem { get; set; }
    public DateTime FirstSeenTs { get; set; }
    public long Version { get; set; }
    public DateTime UpdatedAt { get; set; }
}
