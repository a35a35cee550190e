using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Generation;

/// <summary>
/// Applies the customer definition contract (contracts/README.md §1–§7) to a set of records in one
/// batch, the plain way: union-find over strong identifiers, acquisition evidence per identifier,
/// the Customer360 ID of the earliest-acquired identifier, visibility from the latest customer-master
/// versions, the current version of every order, and web attribution by event time against the
/// logins on each device and cookie. The sample is generated in units whose identifiers no other
/// unit uses, so the truth of a unit is its share of the truth of the whole sample.
/// </summary>
internal static class ContractOracle
{
    private static readonly HashSet<string> AcquisitionEvents = new(StringComparer.Ordinal) { "signup", "login" };

    public static (List<ExpectedCustomer> Customers, List<ExpectedCustomer> Anonymous) Evaluate(
        IReadOnlyList<MasterVersion> masters, IReadOnlyList<OrderVersion> orders, IReadOnlyList<WebEventIntent> events)
    {
        var links = new UnionFind();
        var acquisition = new Dictionary<string, (DateTime At, string Source)>(StringComparer.Ordinal);

        void Evidence(string identifier, DateTime at, string source)
        {
            if (!acquisition.TryGetValue(identifier, out var current) || at < current.At
                || (at == current.At && string.CompareOrdinal(source, current.Source) < 0))
            {
                acquisition[identifier] = (at, source);
            }
        }

        foreach (var m in masters)
        {
            var ids = Strong($"{m.Source}:{m.CustomerId}", m.Email);
            links.Link(ids);
            foreach (var id in ids)
            {
                Evidence(id, m.Created.Utc, m.Source);
            }
        }

        foreach (var o in orders)
        {
            var ids = Strong(o.CustomerId is null ? null : $"{o.Source}:{o.CustomerId}", o.Email);
            links.Link(ids);
            if (o.Status == OrderStatus.APPROVED)
            {
                foreach (var id in ids)
                {
                    Evidence(id, o.OrderTs.Utc, o.Source);
                }
            }
        }

        var registrations = new Dictionary<string, List<(DateTime Ts, string Owner)>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var ids = Strong(e.UserId is null ? null : $"{e.UserSource}:{e.UserId}", e.Email);
            if (ids.Count == 0)
            {
                continue;
            }

            links.Link(ids);
            if (AcquisitionEvents.Contains(e.Type))
            {
                foreach (var id in ids)
                {
                    Evidence(id, e.Ts.Utc, e.UserSource ?? e.SourceSystem ?? "web");
                }
            }

            foreach (var weak in Weak(e))
            {
                (registrations.TryGetValue(weak, out var list) ? list : registrations[weak] = []).Add((e.Ts.Utc, ids[0]));
            }
        }

        foreach (var list in registrations.Values)
        {
            list.Sort((a, b) => a.Ts != b.Ts ? a.Ts.CompareTo(b.Ts) : string.CompareOrdinal(a.Owner, b.Owner));
        }

        // Customers: one per cluster of strong identifiers.
        var customers = new Dictionary<string, Builder>(StringComparer.Ordinal);
        foreach (var group in links.Groups())
        {
            var anchor = group.OrderBy(id => acquisition.ContainsKey(id) ? 0 : 1)
                .ThenBy(id => acquisition.TryGetValue(id, out var a) ? a.At : DateTime.MaxValue)
                .ThenBy(id => Customer360Id.From(Identifier.Parse(id)).Value, StringComparer.Ordinal)
                .First();
            var builder = new Builder(Customer360Id.From(Identifier.Parse(anchor)).Value, group.Order(StringComparer.Ordinal).ToList());
            if (acquisition.TryGetValue(anchor, out var acquired))
            {
                builder.AcquisitionTs = acquired.At;
                builder.AcquisitionSource = acquired.Source;
            }

            foreach (var id in group)
            {
                customers[id] = builder;
            }
        }

        foreach (var latest in masters.GroupBy(m => $"{m.Source}:{m.CustomerId}").Select(g => g.MaxBy(m => m.Version)!))
        {
            var customer = customers[$"{latest.Source}:{latest.CustomerId}"];
            customer.MasterRecords++;
            customer.Test |= latest.IsTest;
            customer.Deleted += latest.Status == CustomerStatus.DELETED ? 1 : 0;
        }

        foreach (var current in orders.GroupBy(o => $"{o.Source}:{o.OrderId}").Select(g => g.MaxBy(o => o.Version)!))
        {
            var owner = customers[Strong(current.CustomerId is null ? null : $"{current.Source}:{current.CustomerId}", current.Email)[0]];
            var month = owner.Month(current.OrderTs.Utc);
            if (current.Status == OrderStatus.APPROVED)
            {
                month.Orders++;
                month.Revenue += current.Amount;
            }
            else if (current.Status == OrderStatus.REFUNDED)
            {
                month.Refunded += current.Amount;
            }
        }

        var anonymous = new Dictionary<string, Builder>(StringComparer.Ordinal);
        foreach (var e in events.DistinctBy(e => e.EventId))
        {
            var ids = Strong(e.UserId is null ? null : $"{e.UserSource}:{e.UserId}", e.Email);
            Builder owner;
            if (ids.Count > 0)
            {
                owner = customers[ids[0]];
            }
            else if (Resolve(e.Ts.Utc, Weak(e), registrations) is { } registered)
            {
                owner = customers[registered];
            }
            else
            {
                var weak = Weak(e);
                var key = weak[0];
                if (!anonymous.TryGetValue(key, out owner!))
                {
                    owner = anonymous[key] = new Builder(Customer360Id.From(Identifier.Parse(key)).Value, []);
                }

                foreach (var w in weak.Where(w => !owner.Identifiers.Contains(w)))
                {
                    owner.Identifiers.Add(w);
                }
            }

            var month = owner.Month(e.Ts.Utc);
            month.Sessions.Add(e.SessionId);
            month.PageViews += e.Type == "page_view" ? 1 : 0;
        }

        return (customers.Values.Distinct().Select(b => b.Build(b.Visibility())).ToList(),
            anonymous.Values.Select(b => b.Build("anonymous")).ToList());
    }

    private static List<string> Strong(string? sourceId, string? email)
    {
        var ids = new List<string>(2);
        if (sourceId is not null)
        {
            ids.Add(sourceId);
        }

        if (email is not null)
        {
            ids.Add($"email:{email}");
        }

        return ids;
    }

    private static List<string> Weak(WebEventIntent e)
    {
        var weak = new List<string>(2);
        if (e.DeviceId is not null)
        {
            weak.Add($"device:{e.DeviceId}");
        }

        if (e.CookieId is not null)
        {
            weak.Add($"cookie:{e.CookieId}");
        }

        return weak;
    }

    /// <summary>
    /// The owner of an anonymous event (contract §3 rules 3 and 4): the latest login at or before it on
    /// its device or cookie; when every login is later, the first one; null when there is none.
    /// </summary>
    private static string? Resolve(DateTime ts, List<string> weak, Dictionary<string, List<(DateTime Ts, string Owner)>> registrations)
    {
        (DateTime Ts, string Owner)? before = null;
        (DateTime Ts, string Owner)? after = null;
        foreach (var w in weak)
        {
            if (!registrations.TryGetValue(w, out var list))
            {
                continue;
            }

            var latest = list.LastOrDefault(r => r.Ts <= ts);
            if (latest.Owner is not null)
            {
                if (before is null || latest.Ts > before.Value.Ts || (latest.Ts == before.Value.Ts && string.CompareOrdinal(latest.Owner, before.Value.Owner) < 0))
                {
                    before = latest;
                }
            }
            else if (after is null || list[0].Ts < after.Value.Ts || (list[0].Ts == after.Value.Ts && string.CompareOrdinal(list[0].Owner, after.Value.Owner) < 0))
            {
                after = list[0];
            }
        }

        return (before ?? after)?.Owner;
    }

    private sealed class UnionFind
    {
        private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);

        public void Link(List<string> ids)
        {
            foreach (var id in ids)
            {
                _parent.TryAdd(id, id);
            }

            for (var i = 1; i < ids.Count; i++)
            {
                var a = Find(ids[0]);
                var b = Find(ids[i]);
                if (a != b)
                {
                    _parent[b] = a;
                }
            }
        }

        public IEnumerable<List<string>> Groups() => _parent.Keys.GroupBy(Find).Select(g => g.ToList());

        private string Find(string id)
        {
            while (_parent[id] != id)
            {
                _parent[id] = _parent[_parent[id]];
                id = _parent[id];
            }

            return id;
        }
    }

    private sealed class Builder(string customerId, List<string> identifiers)
    {
        private readonly SortedDictionary<string, MonthBuilder> _months = new(StringComparer.Ordinal);

        public List<string> Identifiers { get; } = identifiers;

        public DateTime? AcquisitionTs { get; set; }

        public string? AcquisitionSource { get; set; }

        public int MasterRecords { get; set; }

        public int Deleted { get; set; }

        public bool Test { get; set; }

        public MonthBuilder Month(DateTime utc)
        {
            var key = SampleCalendar.MonthKey(utc);
            return _months.TryGetValue(key, out var month) ? month : _months[key] = new MonthBuilder();
        }

        public string Visibility() =>
            Test ? nameof(VisibilityStatus.TEST).ToLowerInvariant()
            : MasterRecords > 0 && Deleted == MasterRecords ? nameof(VisibilityStatus.DELETED).ToLowerInvariant()
            : nameof(VisibilityStatus.VISIBLE).ToLowerInvariant();

        public ExpectedCustomer Build(string visibility) => new()
        {
            CustomerId = customerId,
            Identifiers = Identifiers.Order(StringComparer.Ordinal).ToList(),
            VisibilityStatus = visibility,
            AcquisitionTs = AcquisitionTs,
            AcquisitionSource = AcquisitionSource,
            Months = _months.Where(m => m.Value.HasFigures).Select(m => new ExpectedMonth
            {
                Month = m.Key,
                OrderCount = m.Value.Orders,
                Revenue = m.Value.Revenue,
                RefundedAmount = m.Value.Refunded,
                WebSessions = m.Value.Sessions.Count,
                PageViews = m.Value.PageViews,
            }).ToList(),
        };
    }

    private sealed class MonthBuilder
    {
        public int Orders { get; set; }

        public decimal Revenue { get; set; }

        public decimal Refunded { get; set; }

        public HashSet<string> Sessions { get; } = new(StringComparer.Ordinal);

        public int PageViews { get; set; }

        public bool HasFigures => Orders > 0 || Refunded > 0 || Sessions.Count > 0;
    }
}
