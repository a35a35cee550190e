using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Identity.Domain;

/// <summary>
/// Stitches records into customers by the merge rules of the customer definition contract
/// (contracts/README.md §3–§5) and says so through <see cref="IIdentityOutput"/>. Pure: no Kafka, no
/// clock but the injected one, no randomness — the same state and record give the same outputs, so
/// a replay after a crash reproduces them exactly (only <c>merged_at</c> carries wall-clock time).
/// </summary>
/// <remarks>
/// Order independence: strong identifiers are linked by union (never undone), acquisition per
/// identifier only moves earlier, and a cluster's ID is derived from its earliest-acquired
/// identifier; anonymous web events are attributed by event time against the registrations of their
/// device and cookie and re-attributed when registrations arrive. The final result is therefore a
/// function of the set of records, not of their order.
/// </remarks>
public sealed partial class IdentityEngine(IIdentityState state, IIdentityOutput output, TimeProvider? time = null)
{
    private static readonly HashSet<string> AcquisitionEventTypes = new(StringComparer.Ordinal) { "signup", "login" };

    private readonly IIdentityState _state = state;
    private readonly IIdentityOutput _output = output;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Applies one customer-master record version.</summary>
    public IdentityOutcome Process(CustomerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!TrySourceId(record.SourceSystem, record.SourceCustomerId, out var sourceId))
        {
            return IdentityOutcome.Unlinkable;
        }

        var identifiers = new List<Identifier> { sourceId };
        AddEmail(identifiers, record.EmailValid, record.Email);
        if (CarriesErased(identifiers))
        {
            return IdentityOutcome.Erased;
        }

        var evidence = record.CreatedAt is { } created ? new Evidence(created, record.SourceSystem) : (Evidence?)null;
        var customerId = Link(identifiers, record.CreatedAt ?? record.UpdatedAt, record.SourceSystem, evidence, record.SourceRef);

        if (!IsNewerVersion($"cm:{sourceId.Value}", record.UpdatedAt, record.RecordHash))
        {
            return IdentityOutcome.NotNewer;
        }

        Emit(customerId, new CustomerFact
        {
            SourceSystem = record.SourceSystem,
            SourceCustomerId = record.SourceCustomerId,
            Email = record.EmailValid ? record.Email : null,
            FirstName = record.FirstName,
            LastName = record.LastName,
            Phone = record.Phone,
            Country = record.Country,
            City = record.City,
            CreatedAt = record.CreatedAt,
            UpdatedAt = record.UpdatedAt,
            Status = record.Status,
            IsTest = record.IsTest,
            RecordHash = record.RecordHash,
        });
        return IdentityOutcome.Applied;
    }

    /// <summary>Applies one order version.</summary>
    public IdentityOutcome Process(OrderRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var identifiers = new List<Identifier>(2);
        if (!string.IsNullOrWhiteSpace(record.SourceCustomerId))
        {
            if (!TrySourceId(record.SourceSystem, record.SourceCustomerId, out var sourceId))
            {
                return IdentityOutcome.Unlinkable;
            }

            identifiers.Add(sourceId);
        }

        AddEmail(identifiers, record.CustomerEmailValid, record.CustomerEmail);
        if (identifiers.Count == 0)
        {
            return IdentityOutcome.Unlinkable;
        }

        if (CarriesErased(identifiers))
        {
            return IdentityOutcome.Erased;
        }

        var evidence = record.Status == OrderStatus.APPROVED ? new Evidence(record.OrderTs, record.SourceSystem) : (Evidence?)null;
        var customerId = Link(identifiers, record.OrderTs, record.SourceSystem, evidence, record.SourceRef);

        if (!IsNewerVersion($"order:{record.SourceSystem}:{record.OrderId}", record.UpdatedAt, record.RecordHash))
        {
            return IdentityOutcome.NotNewer;
        }

        Emit(customerId, new OrderFact
        {
            SourceSystem = record.SourceSystem,
            OrderId = record.OrderId,
            OrderTs = record.OrderTs,
            UpdatedAt = record.UpdatedAt,
            Status = record.Status,
            Amount = record.Amount,
            Currency = record.Currency,
            BusinessUnit = record.BusinessUnit,
            Category = record.Category,
            ProductId = record.ProductId,
            Quantity = record.Quantity,
            CustomerEmail = record.CustomerEmailValid ? record.CustomerEmail : null,
            RecordHash = record.RecordHash,
        });
        return IdentityOutcome.Applied;
    }

    /// <summary>Applies one web event.</summary>
    public IdentityOutcome Process(WebEvent record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_state.GetWebEvent(record.EventId) is not null)
        {
            return IdentityOutcome.DuplicateEvent;
        }

        var strong = new List<Identifier>(2);
        if (!string.IsNullOrWhiteSpace(record.UserId))
        {
            if (string.IsNullOrWhiteSpace(record.UserSource) || !TrySourceId(record.UserSource, record.UserId, out var user))
            {
                return IdentityOutcome.Unlinkable;
            }

            strong.Add(user);
        }

        AddEmail(strong, record.EmailValid, record.Email);
        if (CarriesErased(strong))
        {
            return IdentityOutcome.Erased;
        }

        var weak = new List<string>(2);
        if (!string.IsNullOrWhiteSpace(record.DeviceId))
        {
            weak.Add(Identifier.Device(record.DeviceId).Value);
        }

        if (!string.IsNullOrWhiteSpace(record.CookieId))
        {
            weak.Add(Identifier.Cookie(record.CookieId).Value);
        }

        if (weak.Count > 0 && _state.HasErasures)
        {
            DropErasedWeak(weak);
            if (strong.Count == 0 && weak.Count == 0)
            {
                return IdentityOutcome.Erased;
            }
        }

        var seenEarlier = weak.Where(w => SeeWeak(w, record.Ts)).ToList();
        try
        {
            return ProcessWeb(record, strong, weak);
        }
        finally
        {
            // A link already out names a later first-seen time: restate it, so the latest link of every
            // identifier carries the earliest time whatever order the events came in.
            foreach (var w in seenEarlier)
            {
                if (CurrentCustomerOfWeak(w) is { } customerId)
                {
                    EmitWeakLink(w, customerId);
                }
            }
        }
    }

    private IdentityOutcome ProcessWeb(WebEvent record, List<Identifier> strong, List<string> weak)
    {
        var node = new WebEventNode
        {
            Ts = record.Ts,
            Type = record.Type,
            SessionId = record.SessionId,
            Email = record.EmailValid ? record.Email : null,
            Device = record.DeviceId is null ? null : weak.FirstOrDefault(w => w.StartsWith("device:", StringComparison.Ordinal)),
            Cookie = record.CookieId is null ? null : weak.FirstOrDefault(w => w.StartsWith("cookie:", StringComparison.Ordinal)),
        };

        if (strong.Count > 0)
        {
            var source = record.UserSource ?? record.SourceSystem;
            var evidence = AcquisitionEventTypes.Contains(record.Type) ? new Evidence(record.Ts, source) : (Evidence?)null;
            var customerId = Link(strong, record.Ts, source, evidence, record.SourceRef);
            var user = strong[0].Value;
            Emit(customerId, Activity(record.EventId, node, AttributionAction.APPLY));

            // An identified event is never attributed again: identity keeps only that it saw it (a re-send is a
            // duplicate), without its user, e-mail, session or devices, so forgetting a person leaves nothing personal
            // in these nodes (which no index leads back to).
            _state.PutWebEvent(record.EventId, new WebEventNode { Ts = node.Ts, Type = node.Type, Identified = true });
            foreach (var w in weak)
            {
                Register(w, record.Ts, user, new PendingEvidence(w, user, source, record.SourceRef, record.Ts));
            }

            return IdentityOutcome.Applied;
        }

        if (weak.Count == 0)
        {
            return IdentityOutcome.Unlinkable;
        }

        var owner = Resolve(record.Ts, node.Device, node.Cookie);
        if (owner is null)
        {
            owner = weak[0];
            OpenAnonymousProfile(owner, record.Ts);
        }

        node.Owner = owner;
        _state.PutWebEvent(record.EventId, node);
        foreach (var w in weak)
        {
            var weakNode = _state.GetWeak(w) ?? new WeakNode();
            weakNode.AnonymousEvents.Add(record.EventId);
            if (w == owner)
            {
                weakNode.AnonymousProfileEvents++;
            }

            _state.PutWeak(w, weakNode);
        }

        Emit(IdOf(owner), Activity(record.EventId, node, AttributionAction.APPLY));
        return IdentityOutcome.Applied;
    }

    /// <summary>The Customer360 ID an identifier resolves to now, or null when identity has not seen it.</summary>
    public string? Resolve(Identifier identifier)
    {
        if (identifier.IsStrong)
        {
            return _state.GetIdentifier(identifier.Value) is { } node ? _state.GetCluster(node.Root).CustomerId : null;
        }

        var weak = _state.GetWeak(identifier.Value);
        return weak?.LinkedOwner is { } owner ? IdOf(owner)
            : weak is { AnonymousProfileOpen: true } ? Customer360Id.From(identifier).Value
            : null;
    }

    // ---- strong identifiers -------------------------------------------------------------------

    private string Link(List<Identifier> identifiers, DateTime seenAt, string source, Evidence? evidence, string sourceRef)
    {
        // 1. Load or create every identifier; apply the record's acquisition evidence to each.
        var roots = new List<string>(identifiers.Count);
        var created = new List<string>();
        var earlierSeen = new List<string>();
        foreach (var identifier in identifiers)
        {
            var key = identifier.Value;
            var node = _state.GetIdentifier(key);
            var changed = false;
            if (node is null)
            {
                node = new IdentifierNode
                {
                    Root = key,
                    DerivedId = Customer360Id.From(identifier).Value,
                    FirstSeen = seenAt,
                    SourceSystem = identifier.Kind == IdentifierKind.SourceId ? identifier.Namespace : source,
                };
                _state.PutCluster(key, new ClusterNode { Members = [key] });
                _state.PutIdentifierOf(node.DerivedId, key);
                created.Add(key);
                changed = true;
            }
            else if (seenAt < node.FirstSeen
                     || (seenAt == node.FirstSeen && identifier.Kind != IdentifierKind.SourceId && string.CompareOrdinal(source, node.SourceSystem) < 0))
            {
                // The first sighting and its source, ties to the smaller source name: the same whatever
                // order the records came in.
                node.FirstSeen = seenAt;
                if (identifier.Kind != IdentifierKind.SourceId)
                {
                    node.SourceSystem = source;
                }

                earlierSeen.Add(key);
                changed = true;
            }

            if (evidence is { } e && (node.AcquiredAt is null || e.At < node.AcquiredAt
                || (e.At == node.AcquiredAt && string.CompareOrdinal(e.Source, node.AcquisitionSource) < 0)))
            {
                node.AcquiredAt = e.At;
                node.AcquisitionSource = e.Source;
                changed = true;
            }

            if (changed)
            {
                _state.PutIdentifier(key, node);
            }

            if (!roots.Contains(node.Root))
            {
                roots.Add(node.Root);
            }
        }

        // The record is evidence for `explain` when it makes its identifiers one customer for the first time (they
        // were in different clusters, a new one in a cluster of its own): one of the links emitted below carries
        // it. The pairs so recorded are exactly the unions, so they span every customer's strong identifiers.
        PendingEvidence? pending = roots.Count > 1 ? new PendingEvidence(identifiers[0].Value, identifiers[^1].Value, source, sourceRef, seenAt) : null;

        // 2. Union every cluster the record touches into the largest one.
        var clusters = roots.Select(r => (Root: r, Cluster: _state.GetCluster(r)))
            .OrderByDescending(c => c.Cluster.Members.Count)
            .ThenBy(c => c.Root, StringComparer.Ordinal)
            .ToList();
        var (root, cluster) = clusters[0];
        var previous = clusters.Where(c => c.Cluster.CustomerId.Length > 0)
            .Select(c => (Id: c.Cluster.CustomerId, c.Cluster.AcquiredAt))
            .DistinctBy(p => p.Id)
            .ToList();
        var absorbed = new List<(List<string> Members, List<string> WeakMembers, string CustomerId)>();
        foreach (var (otherRoot, other) in clusters.Skip(1))
        {
            absorbed.Add((other.Members, other.WeakMembers, other.CustomerId));
            foreach (var member in other.Members)
            {
                var memberNode = _state.GetIdentifier(member)!;
                memberNode.Root = root;
                _state.PutIdentifier(member, memberNode);
            }

            cluster.Members.AddRange(other.Members);
            cluster.WeakMembers.AddRange(other.WeakMembers.Where(w => !cluster.WeakMembers.Contains(w)));
            _state.DeleteCluster(otherRoot);
        }

        // 3. The anchor (earliest acquisition, ties: smaller derived ID) names the customer; any
        //    other ID the cluster had becomes an alias of it.
        var (anchorKey, anchor) = Anchor(cluster.Members);
        var customerId = anchor.DerivedId;
        var idChanged = cluster.CustomerId != customerId;
        foreach (var (previousId, previousAcquiredAt) in previous.Where(p => p.Id != customerId))
        {
            var reason = clusters.Count > 1
                ? $"record {sourceRef} links {string.Join(" and ", identifiers.Select(i => i.Value))}"
                : $"{anchorKey} was acquired earlier ({anchor.AcquiredAt:O}, record {sourceRef})";
            AnnounceMerge(previousId, customerId, anchor.AcquiredAt, anchor.AcquisitionSource, reason, identifiers[0].Value, previousAcquiredAt);
        }

        cluster.CustomerId = customerId;

        // 4. New identifiers join the customer; links follow every identifier whose customer changed.
        foreach (var key in created)
        {
            var node = _state.GetIdentifier(key)!;
            Emit(customerId, new IdentifierFact { Identifier = key, SourceSystem = node.SourceSystem, FirstSeenTs = node.FirstSeen });
        }

        // Identifiers of an absorbed cluster now resolve to the survivor even when the survivor kept its
        // ID: their links must say so, or a consumer of the links would only reach them through aliases.
        var moved = absorbed.Where(a => a.CustomerId != customerId).ToList();
        var relinked = idChanged ? cluster.Members : created.Concat(earlierSeen).Concat(moved.SelectMany(a => a.Members)).Distinct();
        foreach (var member in relinked)
        {
            EmitLink(member, customerId, _state.GetIdentifier(member)!, Take(ref pending, member));
        }

        if (pending is { } unclaimed)
        {
            // Neither identifier's link was due (cannot happen by the union rules above): restate one to keep the evidence.
            EmitLink(unclaimed.Second, customerId, _state.GetIdentifier(unclaimed.Second)!, Take(ref pending, unclaimed.Second));
        }

        var weakRelinked = idChanged ? cluster.WeakMembers : moved.SelectMany(a => a.WeakMembers).Distinct();
        foreach (var weak in weakRelinked)
        {
            EmitWeakLink(weak, customerId);
        }

        // 5. The customer's acquisition is its anchor's.
        var acquisitionChanged = idChanged || cluster.AcquiredAt != anchor.AcquiredAt || cluster.AcquisitionSource != anchor.AcquisitionSource;
        if (acquisitionChanged)
        {
            cluster.AcquiredAt = anchor.AcquiredAt;
            cluster.AcquisitionSource = anchor.AcquisitionSource;
            Emit(customerId, new AcquisitionFact { AcquisitionTs = anchor.AcquiredAt, AcquisitionSource = anchor.AcquisitionSource });
        }

        // Only a cluster that changed is written: most records (another order, another page view) leave it as it is,
        // and a write re-encodes the whole member list into the store and its changelog.
        if (clusters.Count > 1 || acquisitionChanged)
        {
            _state.PutCluster(root, cluster);
        }

        return customerId;
    }

    private (string Key, IdentifierNode Node) Anchor(List<string> members)
    {
        string? bestKey = null;
        IdentifierNode? best = null;
        foreach (var member in members)
        {
            var node = _state.GetIdentifier(member)!;
            if (best is null || Earlier(node, best))
            {
                best = node;
                bestKey = member;
            }
        }

        return (bestKey!, best!);

        static bool Earlier(IdentifierNode a, IdentifierNode b) =>
            (a.AcquiredAt, b.AcquiredAt) switch
            {
                ({ } x, { } y) when x != y => x < y,
                ({ }, null) => true,
                (null, { }) => false,
                _ => string.CompareOrdinal(a.DerivedId, b.DerivedId) < 0,
            };
    }

    private void AnnounceMerge(
        string mergedId, string survivorId, DateTime? survivorAcquiredAt, string? survivorAcquisitionSource, string reason, string? linkingIdentifier, DateTime? mergedAcquiredAt)
    {
        var seq = Emit(mergedId, new MergeFact { SurvivorId = survivorId });

        // The merged customer's state travels to the survivor's partition of the aggregator, which holds
        // it until that partition has seen a fact at least as recent as the merge (an earlier fact might
        // still merge the survivor itself away). Restating the survivor's acquisition is that fact: it is
        // idempotent downstream, and without it a merge by a record that brings nothing else new would
        // wait for the next unrelated fact.
        Emit(survivorId, new AcquisitionFact { AcquisitionTs = survivorAcquiredAt, AcquisitionSource = survivorAcquisitionSource });
        _output.Merged(new CustomerMerged
        {
            EventId = $"merge-{seq}-{mergedId}",
            SurvivorId = survivorId,
            MergedId = mergedId,
            Version = seq,
            MergedAt = _time.GetUtcNow().UtcDateTime,
            Reason = reason,
            LinkingIdentifier = linkingIdentifier,
            SurvivorAcquisitionTs = survivorAcquiredAt,
            MergedAcquisitionTs = mergedAcquiredAt,
        });
    }

    // ---- weak identifiers and web events ------------------------------------------------------

    private string IdOf(string owner) =>
        Identifier.Parse(owner).IsStrong
            ? _state.GetCluster(_state.GetIdentifier(owner)!.Root).CustomerId
            : Customer360Id.From(Identifier.Parse(owner)).Value;

    // ---- versions and emission ----------------------------------------------------------------

    private bool IsNewerVersion(string entityKey, DateTime updatedAt, string hash)
    {
        var current = _state.GetVersion(entityKey);
        if (current is not null && !current.IsOlderThan(updatedAt, hash))
        {
            return false;
        }

        _state.PutVersion(entityKey, new EntityVersion { UpdatedAt = updatedAt, Hash = hash });
        return true;
    }

    private long Emit(string customerId, object fact)
    {
        var seq = _state.NextSeq();
        _output.Fact(new IdentityFact { CustomerId = customerId, Seq = seq, Fact = fact });
        return seq;
    }

    private void EmitLink(string identifier, string customerId, IdentifierNode node, PendingEvidence? evidence) =>
        _output.Link(new IdentityLink
        {
            Identifier = identifier,
            CustomerId = customerId,
            SourceSystem = node.SourceSystem,
            FirstSeenTs = node.FirstSeen,
            Version = _state.NextSeq(),
            LinkedIdentifier = evidence?.Other(identifier),
            EvidenceSourceSystem = evidence?.Source,
            EvidenceRef = evidence?.SourceRef,
            EvidenceTs = evidence?.At,
        });

    /// <summary>The pending evidence when <paramref name="identifier"/> is one of its pair (it is then claimed), else null.</summary>
    private static PendingEvidence? Take(ref PendingEvidence? pending, string identifier)
    {
        if (pending is { } p && (p.First == identifier || p.Second == identifier))
        {
            pending = null;
            return p;
        }

        return null;
    }

    private static WebActivityFact Activity(string eventId, WebEventNode node, AttributionAction action) => new()
    {
        EventId = eventId,
        Action = action,
        Ts = node.Ts,
        Type = node.Type,
        SessionId = node.SessionId,
        Email = node.Email,
    };

    private static void AddEmail(List<Identifier> identifiers, bool valid, string? email)
    {
        if (valid && !string.IsNullOrWhiteSpace(email))
        {
            identifiers.Add(Identifier.Email(email.Trim().ToLowerInvariant()));
        }
    }

    private static bool TrySourceId(string source, string id, out Identifier identifier)
    {
        identifier = default;
        var ns = source.Trim().ToLowerInvariant();
        if (string.IsNullOrWhiteSpace(id) || ns.Length == 0 || Identifier.ReservedNamespaces.Contains(ns) || ns.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        identifier = Identifier.SourceId(ns, id);
        return true;
    }

    private readonly record struct Evidence(DateTime At, string Source);

    /// <summary>A record that linked two identifiers (<see cref="First"/>, <see cref="Second"/>): what <c>explain</c> shows as evidence.</summary>
    private readonly record struct PendingEvidence(string First, string Second, string Source, string SourceRef, DateTime At)
    {
        public string Other(string identifier) => identifier == First ? Second : First;
    }
}
