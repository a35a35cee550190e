namespace CustomerStream.Projection.Queries;

/// <summary>A merge announced on <c>customer.merged.v1</c> that ended in the customer: <paramref name="MergedId"/> went into <paramref name="SurvivorId"/>.</summary>
public sealed record CustomerMerge(string MergedId, string SurvivorId, long Version, DateTime MergedAt, string Reason, string? LinkingIdentifier);
