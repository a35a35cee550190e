namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// The figures of one customer-period row, summed from the entities that fall into it (see
/// <see cref="CustomerFigures"/>): approved orders (count, revenue, first and last time), refunded orders,
/// distinct web sessions and page views.
/// </summary>
public sealed class PeriodFigures
{
    public long OrderCount { get; private set; }

    public decimal Revenue { get; private set; }

    public long RefundedCount { get; private set; }

    public decimal RefundedAmount { get; private set; }

    /// <summary>Earliest approved order time in the period.</summary>
    public DateTime? FirstOrderTs { get; private set; }

    /// <summary>Latest approved order time in the period.</summary>
    public DateTime? LastOrderTs { get; private set; }

    /// <summary>Distinct session ids of the present web events in the period.</summary>
    public long WebSessions { get; private set; }

    public long PageViews { get; private set; }

    /// <summary>Nothing in the row: no approved or refunded order, no session, no page view.</summary>
    public bool IsEmpty => OrderCount == 0 && RefundedCount == 0 && PageViews == 0 && WebSessions == 0;

    /// <summary>Revenue / approved orders, rounded to 4 decimals; null without approved orders.</summary>
    public decimal? AverageOrderValue => OrderCount == 0 ? null : Money.Round(Revenue / OrderCount);

    /// <summary>Adds an order's contribution (none unless it is approved or refunded).</summary>
    public void AddOrder(OrderVersion order)
    {
        if (order.IsApproved)
        {
            OrderCount++;
            Revenue += order.Amount;
            if (FirstOrderTs is null || order.OrderTs < FirstOrderTs)
            {
                FirstOrderTs = order.OrderTs;
            }

            if (LastOrderTs is null || order.OrderTs > LastOrderTs)
            {
                LastOrderTs = order.OrderTs;
            }
        }
        else if (order.IsRefunded)
        {
            RefundedCount++;
            RefundedAmount += order.Amount;
        }
    }

    /// <summary>A session seen in the row for the first time.</summary>
    internal void AddSession() => WebSessions++;

    internal void AddPageView() => PageViews++;
}
