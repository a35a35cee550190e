using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Projection.Tests.Model;

/// <summary>
/// Plays the aggregator for one Customer360 ID: it keeps the current version of every order it was
/// given and emits, per step, a <see cref="CustomerChange"/> with the full summary and only the period
/// rows that changed since its previous change (rows that became empty go out with deleted=true).
/// </summary>
public sealed class CustomerEmitter(string customerId, TruthCustomer profile)
{
    private readonly Dictionary<string, TruthOrder> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PeriodRow> _emitted = new(StringComparer.Ordinal);
    private bool _web;

    public string CustomerId => customerId;

    public long Version { get; private set; }

    public IReadOnlyCollection<TruthOrder> Orders => _orders.Values;

    public CustomerChange Step(IEnumerable<TruthOrder> orderVersions, bool withWeb, DateTime changedAt)
    {
        var changedOrders = new List<OrderRow>();
        foreach (var order in orderVersions)
        {
            _orders[$"{order.SourceSystem}:{order.OrderId}"] = order;
            changedOrders.Add(order.ToRow());
        }

        _web |= withWeb;
        var rows = Aggregation.PeriodRows(_orders.Values, _web ? profile.Web : new Dictionary<DateOnly, (long, long)>());
        var changedRows = new List<PeriodRow>();
        foreach (var (key, row) in rows)
        {
            if (!_emitted.TryGetValue(key, out var before) || !Same(before, row))
            {
                changedRows.Add(row);
            }
        }

        foreach (var (key, before) in _emitted)
        {
            if (!rows.ContainsKey(key))
            {
                changedRows.Add(new PeriodRow { Grain = before.Grain, PeriodStart = before.PeriodStart, BusinessUnit = before.BusinessUnit, Deleted = true });
            }
        }

        _emitted.Clear();
        foreach (var (key, row) in rows)
        {
            _emitted[key] = row;
        }

        return new CustomerChange
        {
            CustomerId = customerId,
            Version = ++Version,
            ChangedAt = changedAt,
            Summary = Aggregation.Summary(profile, _orders.Values, _web),
            Periods = changedRows,
            Orders = changedOrders,
        };
    }

    /// <summary>The customer was merged into <paramref name="survivorId"/>; its orders move there.</summary>
    public CustomerChange Remove(string survivorId, DateTime changedAt) => new()
    {
        CustomerId = customerId,
        Version = ++Version,
        ChangedAt = changedAt,
        Removed = true,
        MergedInto = survivorId,
    };

    private static bool Same(PeriodRow a, PeriodRow b) =>
        a.OrderCount == b.OrderCount && a.Revenue == b.Revenue && a.RefundedAmount == b.RefundedAmount && a.FirstOrderTs == b.FirstOrderTs
        && a.LastOrderTs == b.LastOrderTs && a.WebSessions == b.WebSessions && a.PageViews == b.PageViews;
}
