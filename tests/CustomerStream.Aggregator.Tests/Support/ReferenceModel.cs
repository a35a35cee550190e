using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>
/// An independent, deliberately plain recomputation of what the marts must hold, from the identity
/// facts alone: facts are applied in seq order (each distinct one once), a merge moves the loser's
/// entities into the survivor at once, and every figure is computed from scratch with LINQ.
/// The aggregator (partitioned, incremental, with transfers crossing tasks later) must agree with it.
/// </summary>
public sealed class ReferenceModel
{
    private static readonly Grain[] Grains = [Grain.MONTH, Grain.QUARTER, Grain.YEAR];

    private readonly Dictionary<string, Person> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastSeq = new(StringComparer.Ordinal);

    public static ReferenceModel From(IEnumerable<IdentityFact> facts)
    {
        var model = new ReferenceModel();
        foreach (var fact in facts.OrderBy(f => f.Seq))
        {
            model.Apply(fact);
        }

        return model;
    }

    public static CustomerSummary BlankSummary() => new() { VisibilityStatus = VisibilityStatus.ANONYMOUS };

    /// <summary>Applies one fact; facts must come in seq order (duplicates are ignored).</summary>
    public void Apply(IdentityFact fact)
    {
        if (_lastSeq.TryGetValue(fact.CustomerId, out var last) && fact.Seq <= last)
        {
            return;
        }

        _lastSeq[fact.CustomerId] = fact.Seq;
        var person = Alive(fact.CustomerId);
        switch (fact.Fact)
        {
            case CustomerFact c:
                Keep(person.Records, c.SourceSystem + ":" + c.SourceCustomerId, c, (a, b) => Newer(a.UpdatedAt, a.RecordHash, b.UpdatedAt, b.RecordHash));
                break;
            case OrderFact o:
                Keep(person.Orders, o.SourceSystem + ":" + o.OrderId, o, (a, b) => Newer(a.UpdatedAt, a.RecordHash, b.UpdatedAt, b.RecordHash));
                break;
            case WebActivityFact w:
                Keep(person.Web, w.EventId, (fact.Seq, w), (a, b) => a.Item1 > b.Item1);
                break;
            case IdentifierFact i:
                Keep(person.Ids, i.Identifier, i, EarlierIdentifier);
                break;
            case AcquisitionFact a:
                // Identity only moves acquisition earlier: the earliest fact is the latest one.
                person.Acquisition = EarlierAcquisition(person.Acquisition, a);
                break;
            case MergeFact m when m.SurvivorId != fact.CustomerId:
                var survivor = Alive(m.SurvivorId);
                foreach (var (k, v) in person.Records)
                {
                    Keep(survivor.Records, k, v, (a, b) => Newer(a.UpdatedAt, a.RecordHash, b.UpdatedAt, b.RecordHash));
                }

                foreach (var (k, v) in person.Orders)
                {
                    Keep(survivor.Orders, k, v, (a, b) => Newer(a.UpdatedAt, a.RecordHash, b.UpdatedAt, b.RecordHash));
                }

                foreach (var (k, v) in person.Web)
                {
                    Keep(survivor.Web, k, v, (a, b) => a.Item1 > b.Item1);
                }

                foreach (var (k, v) in person.Ids)
                {
                    Keep(survivor.Ids, k, v, EarlierIdentifier);
                }

                survivor.Acquisition = EarlierAcquisition(survivor.Acquisition, person.Acquisition);
                _people[fact.CustomerId] = new Person { Removed = true };
                break;
        }
    }

    /// <summary>What every live customer must look like in the marts.</summary>
    public Dictionary<string, CustomerView> Expected()
    {
        var result = new Dictionary<string, CustomerView>(StringComparer.Ordinal);
        foreach (var (id, person) in _people)
        {
            if (!person.Removed)
            {
                result[id] = View(person);
            }
        }

        return result;
    }

    private static CustomerView View(Person p)
    {
        var view = new CustomerView { Summary = Summary(p) };
        foreach (var (key, o) in p.Orders)
        {
            view.Orders[key] = new OrderRow
            {
                SourceSystem = o.SourceSystem,
                OrderId = o.OrderId,
                OrderTs = o.OrderTs,
                UpdatedAt = o.UpdatedAt,
                Status = o.Status,
                Amount = o.Amount,
                Currency = o.Currency,
                BusinessUnit = string.IsNullOrEmpty(o.BusinessUnit) ? "default" : o.BusinessUnit,
                Category = o.Category,
                ProductId = o.ProductId,
                Quantity = o.Quantity,
            };
        }

        var orders = p.Orders.Values.Select(o => (Order: o, Bu: string.IsNullOrEmpty(o.BusinessUnit) ? "default" : o.BusinessUnit)).ToList();
        var events = p.Web.Values.Where(w => w.Fact.Action == AttributionAction.APPLY).Select(w => w.Fact).ToList();
        var keys = new HashSet<RowKey>();
        foreach (var grain in Grains)
        {
            foreach (var (o, bu) in orders)
            {
                keys.Add(new RowKey(grain, Start(grain, o.OrderTs), null));
                keys.Add(new RowKey(grain, Start(grain, o.OrderTs), bu));
            }

            foreach (var e in events)
            {
                keys.Add(new RowKey(grain, Start(grain, e.Ts), null));
            }
        }

        foreach (var key in keys)
        {
            var inRow = orders
                .Where(x => Start(key.Grain, x.Order.OrderTs) == key.PeriodStart && (key.BusinessUnit is null || key.BusinessUnit == x.Bu))
                .Select(x => x.Order)
                .ToList();
            var approved = inRow.Where(o => o.Status == OrderStatus.APPROVED).ToList();
            var refunded = inRow.Where(o => o.Status == OrderStatus.REFUNDED).ToList();
            var web = key.BusinessUnit is null ? events.Where(e => Start(key.Grain, e.Ts) == key.PeriodStart).ToList() : [];
            var row = new PeriodRow
            {
                Grain = key.Grain,
                PeriodStart = key.PeriodStart,
                BusinessUnit = key.BusinessUnit,
                OrderCount = approved.Count,
                Revenue = approved.Sum(o => o.Amount),
                RefundedAmount = refunded.Sum(o => o.Amount),
                FirstOrderTs = approved.Count == 0 ? null : approved.Min(o => o.OrderTs),
                LastOrderTs = approved.Count == 0 ? null : approved.Max(o => o.OrderTs),
                WebSessions = web.Where(e => e.SessionId is not null).Select(e => e.SessionId).Distinct().Count(),
                PageViews = web.Count(e => e.Type == "page_view"),
            };
            if (row.OrderCount > 0 || refunded.Count > 0 || row.WebSessions > 0 || row.PageViews > 0)
            {
                view.Rows[key] = row;
            }
        }

        return view;
    }

    private static CustomerSummary Summary(Person p)
    {
        var approved = p.Orders.Values.Where(o => o.Status == OrderStatus.APPROVED).ToList();
        var amounts = approved.Select(o => o.Amount).Order().ToList();
        var n = amounts.Count;
        var present = p.Web.Values.Where(w => w.Fact.Action == AttributionAction.APPLY).Select(w => w.Fact).ToList();
        var latest = p.Records.OrderByDescending(r => r.Value.UpdatedAt).ThenByDescending(r => r.Key, StringComparer.Ordinal).Select(r => r.Value).FirstOrDefault();
        var emails = p.Records.Values.Where(r => !string.IsNullOrEmpty(r.Email)).Select(r => (Ts: r.UpdatedAt, Email: r.Email!))
            .Concat(p.Orders.Values.Where(o => !string.IsNullOrEmpty(o.CustomerEmail)).Select(o => (Ts: o.UpdatedAt, Email: o.CustomerEmail!)))
            .Concat(present.Where(e => !string.IsNullOrEmpty(e.Email)).Select(e => (Ts: e.Ts, Email: e.Email!)))
            .OrderByDescending(x => x.Ts).ThenByDescending(x => x.Email, StringComparer.Ordinal)
            .ToList();
        var strong = p.Records.Count > 0 || p.Ids.Keys.Any(i => i.Contains(':') && !i.StartsWith("device:", StringComparison.Ordinal) && !i.StartsWith("cookie:", StringComparison.Ordinal));
        var visibility = !strong ? VisibilityStatus.ANONYMOUS
            : p.Records.Values.Any(r => r.IsTest) ? VisibilityStatus.TEST
            : p.Records.Count > 0 && p.Records.Values.All(r => r.Status == CustomerStatus.DELETED) ? VisibilityStatus.DELETED
            : VisibilityStatus.VISIBLE;
        decimal? mean = n == 0 ? null : Round(amounts.Sum() / n);
        decimal? median = n == 0 ? null : Round(n % 2 == 1 ? amounts[n / 2] : (amounts[(n / 2) - 1] + amounts[n / 2]) / 2);
        decimal? stddev = null;
        if (n >= 2)
        {
            var m = amounts.Average(a => (double)a);
            stddev = Round((decimal)Math.Sqrt(amounts.Sum(a => ((double)a - m) * ((double)a - m)) / (n - 1)));
        }

        return new CustomerSummary
        {
            VisibilityStatus = visibility,
            AcquisitionTs = p.Acquisition?.AcquisitionTs,
            AcquisitionSource = p.Acquisition?.AcquisitionSource,
            Email = emails.Count == 0 ? null : emails[0].Email,
            FirstName = latest?.FirstName,
            LastName = latest?.LastName,
            Phone = latest?.Phone,
            Country = latest?.Country,
            City = latest?.City,
            Identifiers = p.Ids.Keys.Order(StringComparer.Ordinal).ToList(),
            LifetimeValue = amounts.Sum(),
            TotalTransactions = n,
            RefundedAmount = p.Orders.Values.Where(o => o.Status == OrderStatus.REFUNDED).Sum(o => o.Amount),
            FirstTransactionTs = n == 0 ? null : approved.Min(o => o.OrderTs),
            LastTransactionTs = n == 0 ? null : approved.Max(o => o.OrderTs),
            AvgTransactionValue = mean,
            TransactionValueStddev = stddev,
            MinTransactionValue = n == 0 ? null : amounts[0],
            MaxTransactionValue = n == 0 ? null : amounts[^1],
            MedianTransactionValue = median,
            WebSessions = present.Where(e => e.SessionId is not null).Select(e => e.SessionId).Distinct().Count(),
            PageViews = present.Count(e => e.Type == "page_view"),
        };
    }

    private static decimal Round(decimal d) => Math.Round(d, 4, MidpointRounding.AwayFromZero);

    private static DateTime Start(Grain grain, DateTime ts) => grain switch
    {
        Grain.MONTH => new DateTime(ts.Year, ts.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        Grain.QUARTER => new DateTime(ts.Year, ((ts.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc),
        _ => new DateTime(ts.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    private static bool Newer(DateTime at, string hash, DateTime otherAt, string otherHash) =>
        at > otherAt || (at == otherAt && string.CompareOrdinal(hash, otherHash) > 0);

    private static bool EarlierIdentifier(IdentifierFact a, IdentifierFact b) =>
        a.FirstSeenTs < b.FirstSeenTs || (a.FirstSeenTs == b.FirstSeenTs && string.CompareOrdinal(a.SourceSystem, b.SourceSystem) < 0);

    private static AcquisitionFact? EarlierAcquisition(AcquisitionFact? a, AcquisitionFact? b)
    {
        if (a is null || (a.AcquisitionTs is null && a.AcquisitionSource is null))
        {
            return b;
        }

        if (b is null || (b.AcquisitionTs is null && b.AcquisitionSource is null))
        {
            return a;
        }

        if (a.AcquisitionTs != b.AcquisitionTs)
        {
            return a.AcquisitionTs is null ? b : b.AcquisitionTs is null ? a : a.AcquisitionTs < b.AcquisitionTs ? a : b;
        }

        return string.CompareOrdinal(a.AcquisitionSource, b.AcquisitionSource) <= 0 ? a : b;
    }

    /// <summary>Puts <paramref name="value"/> under <paramref name="key"/> when there is none yet or <paramref name="wins"/>(new, old).</summary>
    private static void Keep<TValue>(Dictionary<string, TValue> map, string key, TValue value, Func<TValue, TValue, bool> wins)
    {
        if (!map.TryGetValue(key, out var current) || wins(value, current))
        {
            map[key] = value;
        }
    }

    private Person Alive(string id)
    {
        if (!_people.TryGetValue(id, out var person) || person.Removed)
        {
            person = new Person();
            _people[id] = person;
        }

        return person;
    }

    private sealed class Person
    {
        public bool Removed { get; init; }

        public Dictionary<string, CustomerFact> Records { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, OrderFact> Orders { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (long, WebActivityFact Fact)> Web { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, IdentifierFact> Ids { get; } = new(StringComparer.Ordinal);

        public AcquisitionFact? Acquisition { get; set; }
    }
}
