namespace CustomerStream.Projection.Queries;

/// <summary>One merge identity announced (<c>customer.merged.v1</c>) that ends in the customer.</summary>
/// <param name="MergedId">The Customer360 ID that became an alias.</param>
/// <param name="SurvivorId">The ID it merged into (the customer, or a step of the chain to it).</param>
/// <param name="Version">Identity's sequence number: the order of the merges.</param>
/// <param name="MergedAt">When identity decided it, UTC.</param>
/// <param name="Reason">Identity's reason, naming the linking record.</param>
/// <param name="LinkingIdentifier">The identifier that linked them.</param>
public sealed record MergeStep(string MergedId, string SurvivorId, long Version, DateTime MergedAt, string Reason, string? LinkingIdentifier);
