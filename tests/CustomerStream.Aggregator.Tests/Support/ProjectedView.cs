using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>
/// Applies <c>aggregate.customer-changes.v1</c> the way the projection must: a change only when its
/// version is above the stored one, <c>removed</c> deletes everything of the customer, period rows
/// are upserted or deleted, orders upserted. Also checks the per-customer version order of
/// <c>customer.profile-changed.v1</c>.
/// </summary>
public sealed class ProjectedView
{
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _profileVersions = new(StringComparer.Ordinal);

    public Dictionary<string, CustomerView> Customers { get; } = new(StringComparer.Ordinal);

    /// <summary>Changes dropped because their version was not above the stored one.</summary>
    public int StaleChanges { get; private set; }

    /// <summary>Profile events whose version was not above the previous one of the customer.</summary>
    public List<string> ProfileVersionViolations { get; } = [];

    public Dictionary<string, CustomerProfile> Profiles { get; } = new(StringComparer.Ordinal);

    public void Apply(CustomerChange change)
    {
        if (_versions.TryGetValue(change.CustomerId, out var stored) && change.Version <= stored)
        {
            StaleChanges++;
            return;
        }

        _versions[change.CustomerId] = change.Version;
        if (change.Removed)
        {
            Customers.Remove(change.CustomerId);
            return;
        }

        if (!Customers.TryGetValue(change.CustomerId, out var view))
        {
            view = new CustomerView();
            Customers.Add(change.CustomerId, view);
        }

        view.Summary = change.Summary;
        foreach (var row in change.Periods)
        {
            if (row.Deleted)
            {
                view.Rows.Remove(RowKey.Of(row));
            }
            else
            {
                view.Rows[RowKey.Of(row)] = row;
            }
        }

        foreach (var order in change.Orders)
        {
            view.Orders[order.SourceSystem + ":" + order.OrderId] = order;
        }
    }

    public void Apply(CustomerProfileChanged profile)
    {
        if (_profileVersions.TryGetValue(profile.CustomerId, out var previous) && profile.Version <= previous)
        {
            ProfileVersionViolations.Add($"{profile.CustomerId}: {profile.Version} after {previous}");
            return;
        }

        _profileVersions[profile.CustomerId] = profile.Version;
        Profiles[profile.CustomerId] = profile.Profile;
    }
}
