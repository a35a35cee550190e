using CustomerStream.Projection.Queries;

namespace CustomerStream.Customer360.Api;

/// <summary><c>GET /v1/customers/{key}/orders</c>: the current version of each order, newest first; <paramref name="More"/> when the list was cut.</summary>
public sealed record OrdersAnswer(string CustomerId, IReadOnlyList<CustomerOrder> Orders, bool More);
