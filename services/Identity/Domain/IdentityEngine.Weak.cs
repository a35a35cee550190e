using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Identity.Domain;

/// <summary>Weak identifiers (devices, cookies): their registrations, anonymous profiles and web-event attribution.</summary>
public sealed partial class IdentityEngine
{
    private void Register(string weak, DateTime ts, string owner, PendingEvidence login)
    {
        var node = _state.GetWeak(weak) ?? new WeakNode();
        if (_state.HasErasures)
        {
            // Registrations of people forgotten since (on a device someone else used last) go when the device is next used.
            node.Registrations.RemoveAll(r => !IsLive(r.Identifier));
        }

        var registration = new Registration(ts, owner);
        var at = node.Registrations.BinarySearch(registration);
        if (at >= 0)
        {
            return; // the same identifier used it at the same instant before
        }

        node.Registrations.Insert(~at, registration);
        var latestOwner = node.Registrations[^1].Identifier;
        var previousOwner = node.LinkedOwner;
        node.LinkedOwner = latestOwner;
        _state.PutWeak(weak, node);

        if (previousOwner != latestOwner)
        {
            if (previousOwner is not null)
            {
                UpdateWeakMembership(previousOwner, weak, add: false);
            }

            UpdateWeakMembership(latestOwner, weak, add: true);
            // The registration just added is the latest (the owner changed): its login is the evidence.
            EmitWeakLink(weak, IdOf(latestOwner), login);
        }

        // A new registration may change who owns the anonymous events on this device/cookie.
        foreach (var eventId in _state.HasErasures ? node.AnonymousEvents.ToList() : node.AnonymousEvents)
        {
            var ev = _state.GetWebEvent(eventId)!;
            if (_state.HasErasures && Identifier.Parse(ev.Owner).IsStrong && !IsLive(ev.Owner))
            {
                ForgetWebEvent(eventId, ev); // it was a forgotten person's
                continue;
            }

            var newOwner = Resolve(ev.Ts, ev.Device, ev.Cookie);
            if (newOwner is not null && newOwner != ev.Owner)
            {
                Reattribute(eventId, ev, newOwner);
            }
        }

        CloseEmptiedAnonymousProfile(weak);
    }

    private void Reattribute(string eventId, WebEventNode ev, string newOwner)
    {
        var oldOwner = ev.Owner;
        var oldId = IdOf(oldOwner);
        var newId = IdOf(newOwner);
        if (!Identifier.Parse(oldOwner).IsStrong)
        {
            var anonymous = _state.GetWeak(oldOwner)!;
            anonymous.AnonymousProfileEvents--;
            _state.PutWeak(oldOwner, anonymous);
        }

        ev.Owner = newOwner;
        _state.PutWebEvent(eventId, ev);
        if (oldId != newId)
        {
            Emit(oldId, Activity(eventId, ev, AttributionAction.RETRACT));
            Emit(newId, Activity(eventId, ev, AttributionAction.APPLY));
        }
    }

    private void CloseEmptiedAnonymousProfile(string weak)
    {
        var node = _state.GetWeak(weak)!;
        if (!node.AnonymousProfileOpen || node.AnonymousProfileMerged || node.AnonymousProfileEvents > 0 || node.Registrations.Count == 0)
        {
            return;
        }

        // The anonymous history joined the customer who logged in first on this device/cookie.
        node.AnonymousProfileMerged = true;
        _state.PutWeak(weak, node);
        var first = node.Registrations[0].Identifier;
        var survivor = _state.GetCluster(_state.GetIdentifier(first)!.Root);
        AnnounceMerge(Customer360Id.From(Identifier.Parse(weak)).Value, survivor.CustomerId, survivor.AcquiredAt, survivor.AcquisitionSource,
            $"anonymous profile of {weak} logged in as {first}", weak, null);
    }

    private void OpenAnonymousProfile(string weak, DateTime ts)
    {
        var node = _state.GetWeak(weak) ?? new WeakNode();
        if (node.AnonymousProfileOpen)
        {
            return;
        }

        node.AnonymousProfileOpen = true;
        _state.PutWeak(weak, node);
        var id = Customer360Id.From(Identifier.Parse(weak)).Value;
        Emit(id, new IdentifierFact { Identifier = weak, SourceSystem = null, FirstSeenTs = ts });
        Emit(id, new AcquisitionFact());
        var seq = _state.NextSeq();
        _output.Link(new IdentityLink { Identifier = weak, CustomerId = id, SourceSystem = null, FirstSeenTs = node.FirstSeen ?? ts, Version = seq });
    }

    /// <summary>
    /// Owner of an anonymous event at <paramref name="ts"/>: the latest registration at or before
    /// it on its device or cookie (latest login wins); else the earliest registration after it (the
    /// anonymous history joins the first customer who logs in); null when neither has any.
    /// </summary>
    private string? Resolve(DateTime ts, string? device, string? cookie)
    {
        Registration? before = null;
        Registration? after = null;
        foreach (var weak in new[] { device, cookie })
        {
            if (weak is null || _state.GetWeak(weak) is not { Registrations.Count: > 0 } node)
            {
                continue;
            }

            var at = node.Registrations.BinarySearch(new Registration(ts, "\uffff"));
            var index = at >= 0 ? at : ~at; // first registration after ts
            var live = index - 1;
            while (live >= 0 && !IsLive(node.Registrations[live].Identifier))
            {
                live--; // a forgotten person's registration (not purged yet) counts as never made
            }

            if (live >= 0)
            {
                var candidate = node.Registrations[live];
                if (before is null || candidate.Ts > before.Ts || (candidate.Ts == before.Ts && string.CompareOrdinal(candidate.Identifier, before.Identifier) < 0))
                {
                    before = candidate;
                }
            }
            else if (node.Registrations.FindIndex(index, r => IsLive(r.Identifier)) is var first and >= 0)
            {
                var candidate = node.Registrations[first];
                if (after is null || candidate.CompareTo(after) < 0)
                {
                    after = candidate;
                }
            }
        }

        return (before ?? after)?.Identifier;
    }

    private void UpdateWeakMembership(string strongOwner, string weak, bool add)
    {
        var root = _state.GetIdentifier(strongOwner)!.Root;
        var cluster = _state.GetCluster(root);
        if (add && !cluster.WeakMembers.Contains(weak))
        {
            cluster.WeakMembers.Add(weak);
        }
        else if (!add)
        {
            cluster.WeakMembers.Remove(weak);
        }

        _state.PutCluster(root, cluster);
    }

    /// <summary>Records that <paramref name="weak"/> was seen at <paramref name="ts"/>; true when that moved an existing first-seen time earlier.</summary>
    private bool SeeWeak(string weak, DateTime ts)
    {
        var node = _state.GetWeak(weak) ?? new WeakNode();
        if (node.FirstSeen is { } first && first <= ts)
        {
            return false;
        }

        var existed = node.FirstSeen is not null;
        node.FirstSeen = ts;
        _state.PutWeak(weak, node);
        return existed;
    }

    private string? CurrentCustomerOfWeak(string weak)
    {
        var node = _state.GetWeak(weak);
        return node switch
        {
            { LinkedOwner: { } owner } => IdOf(owner),
            { AnonymousProfileOpen: true, AnonymousProfileMerged: false } => Customer360Id.From(Identifier.Parse(weak)).Value,
            _ => null,
        };
    }

    private void EmitWeakLink(string weak, string customerId, PendingEvidence? login = null)
    {
        var node = _state.GetWeak(weak)!;
        _output.Link(new IdentityLink
        {
            Identifier = weak,
            CustomerId = customerId,
            SourceSystem = null,
            FirstSeenTs = node.FirstSeen ?? (node.Registrations.Count > 0 ? node.Registrations[0].Ts : default),
            Version = _state.NextSeq(),
            LinkedIdentifier = login?.Second,
            EvidenceSourceSystem = login?.Source,
            EvidenceRef = login?.SourceRef,
            EvidenceTs = login?.At,
        });
    }
}
