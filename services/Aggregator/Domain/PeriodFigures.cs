namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// The figures of one customer-period row, maintained incrementally: every order version and web
/// event adds its contribution once and takes exactly that contribution out again when it is
/// replaced. Sessions are a multiset (session → present events) so that a retraction is exact.
/// </summary>
public sealed class PeriodFigures
{
    private Dictionary<string, int>? _sessions;

    public long OrderCount { get; private set; }

    public decimal Revenue { get; private set; }

    public long RefundedCount { get; private set; }

    public decimal RefundedAmount { get; private set; }

    /// <summary>Earliest approved order time in the period; only valid when <see cref="OrderTimesStale"/> is false.</summary>
    public DateTime? FirstOrderTs { get; private set; }

    /// <summary>Latest approved order time in the period; only valid when <see cref="OrderTimesStale"/> is false.</summary>
    public DateTime? LastOrderTs { get; private set; }

    /// <summary>An order at the first or last time was retracted: the times must be recomputed from the orders.</summary>
    public bool OrderTimesStale { get; private set; }

    public long WebSessions => _sessions?.Count ?? 0;

    public long PageViews { get; private set; }

    /// <summary>Nothing in the row: no approved or refunded order, no session, no page view.</summary>
    public bool IsEmpty => OrderCount == 0 && RefundedCount == 0 && PageViews == 0 && WebSessions == 0;

    /// <summary>Revenue / approved orders, rounded to 4 decimals; null without approved orders.</summary>
    public decimal? AverageOrderValue => OrderCount == 0 ? null : Money.Round(Revenue / OrderCount);

    public void AddOrder(OrderVersion order)
    {
        if (order.IsApproved)
        {
            OrderCount++;
            Revenue += order.Amount;
            if (!OrderTimesStale)
            {
                if (FirstOrderTs is null || order.OrderTs < FirstOrderTs)
                {
                    FirstOrderTs = order.OrderTs;
                }

                if (LastOrderTs is null || order.OrderTs > LastOrderTs)
                {
                    LastOrderTs = order.OrderTs;
                }
            }
        }
        else if (order.IsRefunded)
        {
            RefundedCount++;
            RefundedAmount += order.Amount;
        }
    }

    public void RemoveOrder(OrderVersion order)
    {
        if (order.IsApproved)
        {
            OrderCount--;
            Revenue -= order.Amount;
            if (OrderCount == 0)
            {
                FirstOrderTs = null;
                LastOrderTs = null;
                OrderTimesStale = false;
            }
            else if (order.OrderTs == FirstOrderTs || order.OrderTs == LastOrderTs)
            {
                OrderTimesStale = true;
            }
        }
        else if (order.IsRefunded)
        {
            RefundedCount--;
            RefundedAmount -= order.Amount;
        }
    }

    public void AddWeb(WebEventEntry entry)
    {
        if (entry.SessionId is { } session)
        {
            _sessions ??= new Dictionary<string, int>(StringComparer.Ordinal);
            _sessions[session] = _sessions.GetValueOrDefault(session) + 1;
        }

        if (entry.IsPageView)
        {
            PageViews++;
        }
    }

    public void RemoveWeb(WebEventEntry entry)
    {
        if (entry.SessionId is { } session && _sessions is not null && _sessions.TryGetValue(session, out var count))
        {
            if (count <= 1)
            {
                _sessions.Remove(session);
            }
            else
            {
                _sessions[session] = count - 1;
            }
        }

        if (entry.IsPageView)
        {
            PageViews--;
        }
    }

    /// <summary>Starts a recomputation of the order times; follow with <see cref="OfferOrderTime"/> for every approved order of the period.</summary>
    public void ResetOrderTimes()
    {
        FirstOrderTs = null;
        LastOrderTs = null;
        OrderTimesStale = false;
    }

    public void OfferOrderTime(DateTime orderTs)
    {
        if (FirstOrderTs is null || orderTs < FirstOrderTs)
        {
            FirstOrderTs = orderTs;
        }

        if (LastOrderTs is null || orderTs > LastOrderTs)
        {
            LastOrderTs = orderTs;
        }
    }
}
