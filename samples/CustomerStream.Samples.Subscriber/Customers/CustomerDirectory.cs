using System.Collections.Concurrent;
using CustomerStream.Messages;

namespace CustomerStream.Samples.Subscriber.Customers;

/// <summary>
/// This service's view of the customers: the latest profile per Customer360 ID and the aliases merges left.
/// </summary>
/// <remarks>
/// <para>
/// The version rule, the one thing every subscriber must do: delivery is at least once, and RabbitMQ redelivery
/// and competing consumers reorder messages, so a message can arrive twice, or after a newer one. Keep, per
/// customer (per merged id for merges), the highest <c>Version</c> applied, and drop a message whose version is
/// not above it. Profile messages carry the whole profile, so the newest one is the whole truth.
/// </para>
/// <para>
/// Merges can turn around: when a late record proves that a merged-away customer was acquired earlier, a newer
/// merge makes it the survivor again. So an alias holds only while no newer merge has the merged id as survivor.
/// </para>
/// <para>
/// Here the versions live in memory, for one instance. Several instances on one queue (competing consumers)
/// need them in a shared store with the same compare-and-set, e.g. in SQL:
/// <c>INSERT … ON CONFLICT (customer_id) DO UPDATE SET … WHERE customer.version &lt; excluded.version</c>.
/// </para>
/// </remarks>
public sealed class CustomerDirectory
{
    private readonly ConcurrentDictionary<string, VersionedEntry<CustomerProfile>> _profiles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VersionedEntry<string>> _aliases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _survivorSince = new(StringComparer.Ordinal);
    private long _applied;
    private long _dropped;

    /// <summary>Messages applied so far.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Messages dropped by the version rule (duplicates and stale ones) so far.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Every customer's latest profile, with the version it came with.</summary>
    public IReadOnlyDictionary<string, VersionedEntry<CustomerProfile>> Profiles => _profiles;

    /// <summary>The newest merge of every merged id: the survivor it points to, with the version it came with (see <see cref="IsAlias"/>).</summary>
    public IReadOnlyDictionary<string, VersionedEntry<string>> Aliases => _aliases;

    /// <summary>Whether <paramref name="customerId"/> is an alias now: merged away, and not the survivor of a newer merge since.</summary>
    public bool IsAlias(string customerId) =>
        _aliases.TryGetValue(customerId, out var alias)
        && (!_survivorSince.TryGetValue(customerId, out var since) || since < alias.Version);

    /// <summary>Applies <paramref name="message"/> when its version is above the customer's; returns whether it did.</summary>
    public bool Apply(CustomerProfileChanged message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Count(ApplyIfNewer(_profiles, message.CustomerId, new VersionedEntry<CustomerProfile>(message.Version, message.Profile)));
    }

    /// <summary>Applies <paramref name="message"/> when its version is above the merged id's; returns whether it did.</summary>
    public bool Apply(CustomerMerged message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _survivorSince.AddOrUpdate(message.SurvivorId, message.Version, (_, since) => Math.Max(since, message.Version));
        return Count(ApplyIfNewer(_aliases, message.MergedId, new VersionedEntry<string>(message.Version, message.SurvivorId)));
    }

    /// <summary>The profile of <paramref name="customerId"/>, following aliases to the survivor; null when unknown.</summary>
    public (string CustomerId, VersionedEntry<CustomerProfile> Profile)? Find(string customerId)
    {
        var id = customerId;
        // A chain of merges (A into B, later B into C) is followed to its end; the bound guards against a cycle.
        for (var hops = 0; hops < 64 && IsAlias(id); hops++)
        {
            id = _aliases[id].Message;
        }

        return _profiles.TryGetValue(id, out var profile) ? (id, profile) : null;
    }

    // A compare-and-set loop: two consumers applying two versions of one customer at once still keep the higher.
    private static bool ApplyIfNewer<T>(ConcurrentDictionary<string, VersionedEntry<T>> entries, string key, VersionedEntry<T> incoming)
    {
        while (true)
        {
            if (!entries.TryGetValue(key, out var current))
            {
                if (entries.TryAdd(key, incoming))
                {
                    return true;
                }

                continue;
            }

            if (incoming.Version <= current.Version)
            {
                return false;
            }

            if (entries.TryUpdate(key, incoming, current))
            {
                return true;
            }
        }
    }

    private bool Count(bool applied)
    {
        if (applied)
        {
            Interlocked.Increment(ref _applied);
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }

        return applied;
    }
}
