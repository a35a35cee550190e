using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Erasure;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Identity.Domain;

/// <summary>
/// Forgetting a person (the erasure ledger, docs/privacy.md): the person's cluster, identifiers, weak identifiers
/// that only they used, and the web events attributed to them leave the graph; the Customer360 IDs of their
/// identifiers are remembered as erased, and every later record that carries one is refused.
/// </summary>
public sealed partial class IdentityEngine
{
    /// <summary>Applies one request of the erasure ledger.</summary>
    public ErasureOutcome Erase(ErasureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subject = request.Subject;
        if (_state.GetIdentifierOf(subject) is not { } identifier || _state.GetIdentifier(identifier) is not { } found)
        {
            if (_state.IsErased(subject))
            {
                return ErasureOutcome.AlreadyErased;
            }

            // Not seen (yet): an identifier whose records arrive later is refused then.
            _state.MarkErased(subject);
            return ErasureOutcome.NotFound;
        }

        var root = found.Root;
        var cluster = _state.GetCluster(root);
        var members = new HashSet<string>(cluster.Members, StringComparer.Ordinal);
        var erasedIds = new SortedSet<string>(StringComparer.Ordinal) { cluster.CustomerId };
        foreach (var member in cluster.Members)
        {
            var node = _state.GetIdentifier(member)!;
            erasedIds.Add(node.DerivedId);
            _state.MarkErased(node.DerivedId);
            _state.DeleteIdentifierOf(node.DerivedId);
            _state.DeleteIdentifier(member);
            _state.DeleteVersion($"cm:{member}");
        }

        foreach (var weak in cluster.WeakMembers)
        {
            ForgetWeak(weak, members, erasedIds);
        }

        _state.DeleteCluster(root);
        var seq = Emit(cluster.CustomerId, new ErasureFact { ErasureId = request.ErasureId });
        _output.Erased(new CustomerErased
        {
            EventId = $"erasure-{seq}-{cluster.CustomerId}",
            CustomerId = cluster.CustomerId,
            ErasureId = request.ErasureId,
            Version = seq,
            ErasedAt = _time.GetUtcNow().UtcDateTime,
            ErasedIds = [.. erasedIds],
        });
        return ErasureOutcome.Erased;
    }

    /// <summary>
    /// Takes the erased person's registrations off a device or cookie, with the anonymous events attributed to them.
    /// One only they used goes entirely, and its ID is erased (its later events are read without it); one others
    /// used stays theirs and links to its latest other user.
    /// </summary>
    private void ForgetWeak(string weak, HashSet<string> members, SortedSet<string> erasedIds)
    {
        if (_state.GetWeak(weak) is not { } node)
        {
            return;
        }

        node.Registrations.RemoveAll(r => members.Contains(r.Identifier) || !IsLive(r.Identifier));
        foreach (var eventId in node.AnonymousEvents.ToList())
        {
            if (_state.GetWebEvent(eventId) is { } ev && members.Contains(ev.Owner))
            {
                ForgetWebEvent(eventId, ev);
            }
        }

        node = _state.GetWeak(weak)!;
        if (node.Registrations.Count == 0)
        {
            foreach (var eventId in node.AnonymousEvents)
            {
                // Events of this device that belong to someone through the other weak identifier they carried stay theirs.
                if (_state.GetWebEvent(eventId) is { } ev)
                {
                    if (ev.Device == weak)
                    {
                        ev.Device = null;
                    }

                    if (ev.Cookie == weak)
                    {
                        ev.Cookie = null;
                    }

                    _state.PutWebEvent(eventId, ev);
                }
            }

            _state.DeleteWeak(weak);
            var derived = Customer360Id.From(Identifier.Parse(weak)).Value;
            erasedIds.Add(derived);
            _state.MarkErased(derived);
            return;
        }

        var owner = node.Registrations[^1].Identifier;
        node.LinkedOwner = owner;
        _state.PutWeak(weak, node);
        UpdateWeakMembership(owner, weak, add: true);
        EmitWeakLink(weak, IdOf(owner));
    }

    /// <summary>Deletes an anonymous event attributed to an erased person, from the devices and cookies that list it too.</summary>
    private void ForgetWebEvent(string eventId, WebEventNode ev)
    {
        foreach (var weak in new[] { ev.Device, ev.Cookie })
        {
            if (weak is not null && _state.GetWeak(weak) is { } node && node.AnonymousEvents.Remove(eventId))
            {
                _state.PutWeak(weak, node);
            }
        }

        _state.DeleteWebEvent(eventId);
    }

    /// <summary>False for a strong identifier that was erased (registrations of it may remain on devices others used).</summary>
    private bool IsLive(string strongIdentifier) => !_state.HasErasures || _state.GetIdentifier(strongIdentifier) is not null;

    /// <summary>True when one of <paramref name="identifiers"/> was erased: the record is refused.</summary>
    private bool CarriesErased(List<Identifier> identifiers)
    {
        if (!_state.HasErasures)
        {
            return false;
        }

        foreach (var identifier in identifiers)
        {
            // An identifier the graph holds was not erased (erasing deletes it, and a record that carries an erased one
            // never creates it again): only one not seen yet costs a hash.
            if (_state.GetIdentifier(identifier.Value) is null && _state.IsErased(Customer360Id.From(identifier).Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Drops the erased devices and cookies of a web event: it is read as if it had not carried them.</summary>
    private void DropErasedWeak(List<string> weak)
    {
        if (_state.HasErasures)
        {
            weak.RemoveAll(w => _state.GetWeak(w) is null && _state.IsErased(Customer360Id.From(Identifier.Parse(w)).Value));
        }
    }
}
