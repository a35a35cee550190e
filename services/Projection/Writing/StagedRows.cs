using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Identity;

namespace CustomerStream.Projection.Writing;

/// <summary>A folded customer as one row of <c>projection.customer</c>, written at <paramref name="Now"/> with its RFM <paramref name="Scores"/>.</summary>
internal readonly record struct StagedCustomer(FoldedCustomer Customer, DateTime Now, RfmScores? Scores = null);

/// <summary>A period row (all units or one business unit) of <paramref name="CustomerId"/>.</summary>
internal readonly record struct StagedPeriod(string CustomerId, PeriodRow Row, DateTime Now);

/// <summary>An order as reported by the customer that owns it.</summary>
internal readonly record struct StagedOrder(string CustomerId, OrderRow Row, DateTime Now);

/// <summary>An identity link with what its identifier says about itself.</summary>
internal readonly record struct StagedLink(IdentityLink Link, string DerivedId, string Namespace, bool IsStrong, DateTime Now);
