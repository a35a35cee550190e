namespace CustomerStream.Projection.Queries;

/// <summary>Customers in one visibility status.</summary>
public sealed record AuditBucket(string VisibilityStatus, long Customers);
