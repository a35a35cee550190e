namespace CustomerStream.Projection.Queries;

/// <summary>
/// The answer to "how many customers do we have": the visible count, every visibility bucket beside
/// it, which sources the visible customers are known to, and how the figures were derived.
/// </summary>
/// <param name="Visible">Customers (visibility <c>visible</c>).</param>
/// <param name="ByVisibility">All four buckets, in contract order, zeros included.</param>
/// <param name="BySource">Per namespace of strong identifiers; a customer known to two sources counts in both.</param>
/// <param name="Aliases">Merged-away Customer360 IDs, which are not counted.</param>
/// <param name="RejectedRecords">Input records rejected by ingest (never counted as customers).</param>
/// <param name="DataAsOf">When the projection last wrote a customer row (null when empty).</param>
/// <param name="Derivation">Lines explaining the count, for people.</param>
/// <param name="Elapsed">Time the audit queries took.</param>
public sealed record CustomerAudit(
    long Visible,
    IReadOnlyList<AuditBucket> ByVisibility,
    IReadOnlyList<SourceCount> BySource,
    long Aliases,
    long RejectedRecords,
    DateTime? DataAsOf,
    IReadOnlyList<string> Derivation,
    TimeSpan Elapsed);
