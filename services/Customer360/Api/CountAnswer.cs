using CustomerStream.Projection.Queries;

namespace CustomerStream.Customer360.Api;

/// <summary>
/// <c>GET /v1/audit/customers</c>: how many customers we have (<paramref name="Customers"/>, the visible ones),
/// every visibility bucket beside it, and how the count is derived.
/// </summary>
public sealed record CountAnswer(long Customers, long Profiles, IReadOnlyList<AuditBucket> ByVisibility, IReadOnlyList<string> Derivation);
