using CustomerStream.Projection.Queries;

namespace CustomerStream.Customer360.Api;

/// <summary>
/// <c>GET /v1/customers/{key}/merges</c>: the merges announced on <c>customer.merged.v1</c> that ended in this
/// customer, oldest first (processing history: another arrival order can pass through other intermediate IDs),
/// and every Customer360 ID that resolves here with the identifier that derives it (the same whatever the order).
/// </summary>
public sealed record MergesAnswer(string CustomerId, IReadOnlyList<CustomerMerge> Merges, IReadOnlyList<CustomerAlias> Aliases);
