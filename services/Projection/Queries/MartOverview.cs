namespace CustomerStream.Projection.Queries;

/// <summary>The headline figures of the marts (what <c>demo</c> prints at the end).</summary>
/// <param name="Customers">Visible customers.</param>
/// <param name="Revenue">Sum of approved order amounts of visible customers.</param>
/// <param name="RefundedAmount">Sum of refunded order amounts of visible customers.</param>
/// <param name="Orders">Orders in <c>mart.orders</c> (any status, any customer).</param>
/// <param name="CustomerMonths">Rows of <c>mart.customer_month</c>.</param>
/// <param name="Segments">RFM segments of visible customers, largest first.</param>
public sealed record MartOverview(long Customers, decimal Revenue, decimal RefundedAmount, long Orders, long CustomerMonths, IReadOnlyList<SegmentFigure> Segments);
