using CustomerStream.Projection.Queries;

namespace CustomerStream.Customer360.Api;

/// <summary><c>GET /v1/customers/{key}/periods?grain=</c>: the customer's calendar periods of one grain, oldest first.</summary>
public sealed record PeriodsAnswer(string CustomerId, string Grain, IReadOnlyList<CustomerPeriod> Periods);
