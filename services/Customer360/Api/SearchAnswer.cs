using CustomerStream.Projection.Queries;

namespace CustomerStream.Customer360.Api;

/// <summary><c>GET /v1/customers?q=</c>: customers the text names (as a key, or the start of an e-mail address or name).</summary>
public sealed record SearchAnswer(string Query, IReadOnlyList<CustomerSearchHit> Customers);
