using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Identity.Tests;

/// <summary>
/// An independent, batch implementation of the contract's rules (contracts/README.md §3–§5): it sees
/// all records at once, so it cannot depend on their order. The streaming engine must agree with it.
/// </summary>
internal static class ReferenceStitcher
{
    public sealed record Result(IReadOnlyDictionary<string, string> CustomerOfIdentifier, IReadOnlyDictionary<string, string> OwnerOfEvent);

    public static Result Compute(IReadOnlyCollection<object> records)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        var acquired = new Dictionary<string, DateTime>(StringComparer.Ordinal);

        string Find(string x)
        {
            while (parent[x] != x)
            {
                x = parent[x];
            }

            return x;
        }

        void Add(IReadOnlyList<string> ids, DateTime? evidence)
        {
            foreach (var id in ids)
            {
                parent.TryAdd(id, id);
                if (evidence is { } e && (!acquired.TryGetValue(id, out var a) || e < a))
                {
                    acquired[id] = e;
                }
            }

            for (var i = 1; i < ids.Count; i++)
            {
                var (a, b) = (Find(ids[0]), Find(ids[i]));
                if (a != b)
                {
                    parent[b] = a;
                }
            }
        }

        var webEvents = new List<(WebEvent Event, string? Owner)>();
        foreach (var record in records)
        {
            switch (record)
            {
                case CustomerRecord c:
                    Add(Strong(c.SourceSystem, c.SourceCustomerId, c.EmailValid ? c.Email : null), c.CreatedAt);
                    break;
                case OrderRecord o:
                    var ids = Strong(o.SourceSystem, o.SourceCustomerId, o.CustomerEmailValid ? o.CustomerEmail : null);
                    if (ids.Count > 0)
                    {
                        Add(ids, o.Status == OrderStatus.APPROVED ? o.OrderTs : null);
                    }

                    break;
                case WebEvent w when webEvents.All(x => x.Event.EventId != w.EventId):
                    var strong = Strong(w.UserSource, w.UserId, w.EmailValid ? w.Email : null);
                    if (strong.Count > 0)
                    {
                        Add(strong, w.Type is "signup" or "login" ? w.Ts : null);
                    }

                    webEvents.Add((w, strong.FirstOrDefault()));
                    break;
            }
        }

        // Every cluster's ID comes from its earliest-acquired identifier, ties by smaller derived ID.
        var idOfRoot = parent.Keys.GroupBy(Find).ToDictionary(
            g => g.Key,
            g => g.Select(i => (Acquired: acquired.TryGetValue(i, out var a) ? a : DateTime.MaxValue, Id: Customer360Id.From(Identifier.Parse(i)).Value))
                .OrderBy(x => x.Acquired).ThenBy(x => x.Id, StringComparer.Ordinal).First().Id);
        var customerOf = parent.Keys.ToDictionary(i => i, i => idOfRoot[Find(i)], StringComparer.Ordinal);

        // Registrations of weak identifiers by identified events; anonymous events resolve against them.
        var registrations = webEvents.Where(x => x.Owner is not null)
            .SelectMany(x => Weak(x.Event).Select(w => (Weak: w, x.Event.Ts, Owner: x.Owner!)))
            .GroupBy(r => r.Weak)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Ts).ThenBy(r => r.Owner, StringComparer.Ordinal).ToList());
        var ownerOfEvent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (ev, owner) in webEvents)
        {
            if (owner is not null)
            {
                ownerOfEvent[ev.EventId] = customerOf[owner];
                continue;
            }

            var weak = Weak(ev);
            if (weak.Count == 0)
            {
                continue;
            }

            var candidates = weak.Where(registrations.ContainsKey).Select(w => registrations[w]).ToList();
            var before = candidates.SelectMany(r => r.Where(x => x.Ts <= ev.Ts).TakeLast(1))
                .OrderByDescending(x => x.Ts).ThenBy(x => x.Owner, StringComparer.Ordinal).FirstOrDefault();
            var after = candidates.Select(r => r[0]).OrderBy(x => x.Ts).ThenBy(x => x.Owner, StringComparer.Ordinal).FirstOrDefault();
            var chosen = before.Owner ?? after.Owner;
            ownerOfEvent[ev.EventId] = chosen is not null ? customerOf[chosen] : Customer360Id.From(Identifier.Parse(weak[0])).Value;
        }

        return new Result(customerOf, ownerOfEvent);
    }

    private static List<string> Strong(string? source, string? id, string? email)
    {
        var ids = new List<string>();
        if (!string.IsNullOrWhiteSpace(source) && !string.IsNullOrWhiteSpace(id))
        {
            ids.Add($"{source.Trim().ToLowerInvariant()}:{id.Trim()}");
        }

        if (!string.IsNullOrWhiteSpace(email))
        {
            ids.Add($"email:{email.Trim().ToLowerInvariant()}");
        }

        return ids;
    }

    private static List<string> Weak(WebEvent e)
    {
        var weak = new List<string>();
        if (!string.IsNullOrWhiteSpace(e.DeviceId))
        {
            weak.Add($"device:{e.DeviceId.Trim()}");
        }

        if (!string.IsNullOrWhiteSpace(e.CookieId))
        {
            weak.Add($"cookie:{e.CookieId.Trim()}");
        }

        return weak;
    }
}
