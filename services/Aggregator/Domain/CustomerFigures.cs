using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// All customer-period rows of one customer (month, quarter, year; all units and per business unit)
/// plus lifetime web figures. Derived from the entity maps: built from them in one pass
/// (<see cref="Build"/>), then maintained incrementally as entities change. A row that becomes empty is
/// dropped at once, so the dictionary only ever holds rows that exist.
/// </summary>
public sealed class CustomerFigures
{
    private static readonly Grain[] Grains = [Grain.MONTH, Grain.QUARTER, Grain.YEAR];

    private readonly Dictionary<PeriodKey, PeriodFigures> _periods = [];
    private readonly HashSet<PeriodKey> _stale = [];

    public IReadOnlyDictionary<PeriodKey, PeriodFigures> Periods => _periods;

    /// <summary>Lifetime web figures (distinct sessions, page views) over every present event.</summary>
    public PeriodFigures LifetimeWeb { get; } = new();

    /// <summary>Computes every figure from scratch from the current orders and web events.</summary>
    public static CustomerFigures Build(IReadOnlyCollection<OrderVersion> orders, IReadOnlyCollection<WebEventEntry> webEvents)
    {
        var figures = new CustomerFigures();

        // Rows are shared by many entities; this is a guess that spares most of the resizing.
        figures._periods.EnsureCapacity(Math.Min((orders.Count * 6) + (webEvents.Count * 3), 64));
        foreach (var order in orders)
        {
            figures.AddOrder(order, null);
        }

        foreach (var entry in webEvents)
        {
            figures.AddWeb(entry, null);
        }

        return figures;
    }

    /// <summary>Adds the rows <paramref name="order"/> contributes to (none unless approved or refunded).</summary>
    public static void KeysOf(OrderVersion order, ISet<PeriodKey> keys)
    {
        if (!order.Contributes)
        {
            return;
        }

        foreach (var grain in Grains)
        {
            var period = Period.Of(grain, order.OrderTs);
            keys.Add(new PeriodKey(period, null));
            keys.Add(new PeriodKey(period, order.BusinessUnit));
        }
    }

    /// <summary>Adds the rows of the event's time (whether or not it is present or counts).</summary>
    public static void KeysOf(WebEventEntry entry, ISet<PeriodKey> keys)
    {
        foreach (var grain in Grains)
        {
            keys.Add(new PeriodKey(Period.Of(grain, entry.Ts), null));
        }
    }

    public void AddOrder(OrderVersion order, ISet<PeriodKey>? touched)
    {
        if (!order.Contributes)
        {
            return;
        }

        foreach (var grain in Grains)
        {
            var period = Period.Of(grain, order.OrderTs);
            Row(new PeriodKey(period, null), touched).AddOrder(order);
            Row(new PeriodKey(period, order.BusinessUnit), touched).AddOrder(order);
        }
    }

    public void RemoveOrder(OrderVersion order, ISet<PeriodKey>? touched)
    {
        if (!order.Contributes)
        {
            return;
        }

        foreach (var grain in Grains)
        {
            var period = Period.Of(grain, order.OrderTs);
            RemoveOrderFrom(new PeriodKey(period, null), order, touched);
            RemoveOrderFrom(new PeriodKey(period, order.BusinessUnit), order, touched);
        }
    }

    public void AddWeb(WebEventEntry entry, ISet<PeriodKey>? touched)
    {
        if (!Counts(entry))
        {
            return;
        }

        foreach (var grain in Grains)
        {
            Row(new PeriodKey(Period.Of(grain, entry.Ts), null), touched).AddWeb(entry);
        }

        LifetimeWeb.AddWeb(entry);
    }

    public void RemoveWeb(WebEventEntry entry, ISet<PeriodKey>? touched)
    {
        if (!Counts(entry))
        {
            return;
        }

        foreach (var grain in Grains)
        {
            var key = new PeriodKey(Period.Of(grain, entry.Ts), null);
            if (_periods.TryGetValue(key, out var row))
            {
                touched?.Add(key);
                row.RemoveWeb(entry);
                DropIfEmpty(key, row);
            }
        }

        LifetimeWeb.RemoveWeb(entry);
    }

    /// <summary>Recomputes first/last order times of the rows whose extreme order was retracted, from the current orders.</summary>
    public void ResolveStaleOrderTimes(IEnumerable<OrderVersion> orders)
    {
        if (_stale.Count == 0)
        {
            return;
        }

        foreach (var key in _stale)
        {
            _periods[key].ResetOrderTimes();
        }

        foreach (var order in orders)
        {
            if (!order.IsApproved)
            {
                continue;
            }

            foreach (var grain in Grains)
            {
                var period = Period.Of(grain, order.OrderTs);
                Offer(new PeriodKey(period, null), order.OrderTs);
                Offer(new PeriodKey(period, order.BusinessUnit), order.OrderTs);
            }
        }

        _stale.Clear();
    }

    public bool HasStaleOrderTimes => _stale.Count > 0;

    private static bool Counts(WebEventEntry entry) => entry.Present && (entry.SessionId is not null || entry.IsPageView);

    private void Offer(PeriodKey key, DateTime orderTs)
    {
        if (_stale.Contains(key))
        {
            _periods[key].OfferOrderTime(orderTs);
        }
    }

    private PeriodFigures Row(PeriodKey key, ISet<PeriodKey>? touched)
    {
        touched?.Add(key);
        if (!_periods.TryGetValue(key, out var row))
        {
            row = new PeriodFigures();
            _periods.Add(key, row);
        }

        return row;
    }

    private void RemoveOrderFrom(PeriodKey key, OrderVersion order, ISet<PeriodKey>? touched)
    {
        if (!_periods.TryGetValue(key, out var row))
        {
            throw new InvalidOperationException($"Order {order.Key} has no contribution in {key} to retract");
        }

        touched?.Add(key);
        row.RemoveOrder(order);
        if (row.OrderTimesStale)
        {
            _stale.Add(key);
        }

        DropIfEmpty(key, row);
    }

    private void DropIfEmpty(PeriodKey key, PeriodFigures row)
    {
        if (row.IsEmpty)
        {
            _periods.Remove(key);
            _stale.Remove(key);
        }
    }
}
