using CustomerStream.Bridge.Mapping;
using CustomerStream.Bridge.Tests.Support;
using CustomerStream.Messages;
using CustomerStream.Samples.Subscriber.Customers;

namespace CustomerStream.Bridge.Tests;

/// <summary>The version rule as the sample subscriber applies it: keep the highest version per key, drop what is not newer.</summary>
public sealed class CustomerDirectoryTests
{
    [Fact]
    public void A_duplicate_or_an_older_version_never_replaces_a_newer_one()
    {
        var directory = new CustomerDirectory();
        Assert.True(directory.Apply(Profile(1, 2)));
        Assert.False(directory.Apply(Profile(1, 2)));
        Assert.False(directory.Apply(Profile(1, 1)));
        Assert.True(directory.Apply(Profile(1, 5)));
        Assert.False(directory.Apply(Profile(1, 3)));

        Assert.Equal(5, directory.Profiles[ProfileFeed.CustomerId(1)].Version);
        Assert.Equal((2L, 3L), (directory.Applied, directory.Dropped));
    }

    [Fact]
    public async Task Any_delivery_order_by_any_number_of_concurrent_consumers_ends_at_the_newest_version()
    {
        var deliveries = Enumerable.Range(0, 200).SelectMany(c => Enumerable.Range(1, 8).Select(v => Profile(c, v)))
            .SelectMany(m => new[] { m, m })
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        var directory = new CustomerDirectory();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = worker; i < deliveries.Count; i += 8)
            {
                directory.Apply(deliveries[i]);
            }
        })));

        Assert.Equal(200, directory.Profiles.Count);
        Assert.All(directory.Profiles.Values, p => Assert.Equal(8, p.Version));
        Assert.Equal(deliveries.Count, directory.Applied + directory.Dropped);
    }

    [Fact]
    public void An_alias_resolves_to_its_survivor_through_a_chain_of_merges()
    {
        var directory = new CustomerDirectory();
        directory.Apply(Profile(3, 1));
        directory.Apply(Merge(merged: 1, survivor: 2, version: 10));
        directory.Apply(Merge(merged: 2, survivor: 3, version: 11));

        Assert.True(directory.IsAlias(ProfileFeed.CustomerId(1)));
        Assert.Equal(ProfileFeed.CustomerId(3), directory.Find(ProfileFeed.CustomerId(1))?.CustomerId);
        Assert.Equal(ProfileFeed.CustomerId(3), directory.Find(ProfileFeed.CustomerId(2))?.CustomerId);
    }

    [Fact]
    public void A_merge_that_turns_around_makes_the_merged_id_a_customer_again()
    {
        // B was merged into A; a late record proves B was acquired earlier, so A is merged into B.
        var directory = new CustomerDirectory();
        directory.Apply(Profile(1, 1));
        directory.Apply(Profile(2, 1));
        var later = Merge(merged: 1, survivor: 2, version: 20);
        var earlier = Merge(merged: 2, survivor: 1, version: 10);
        directory.Apply(later);
        directory.Apply(earlier); // arrives late: stays recorded, but is superseded

        Assert.False(directory.IsAlias(ProfileFeed.CustomerId(2)));
        Assert.True(directory.IsAlias(ProfileFeed.CustomerId(1)));
        Assert.Equal(ProfileFeed.CustomerId(2), directory.Find(ProfileFeed.CustomerId(1))?.CustomerId);
        Assert.Equal(ProfileFeed.CustomerId(2), directory.Find(ProfileFeed.CustomerId(2))?.CustomerId);
    }

    private static CustomerProfileChanged Profile(int customer, long version) => MessageMapper.ToMessage(ProfileFeed.Record(customer, version));

    private static CustomerMerged Merge(int merged, int survivor, long version) => new()
    {
        EventId = $"merge-{version}-{ProfileFeed.CustomerId(merged)}",
        SurvivorId = ProfileFeed.CustomerId(survivor),
        MergedId = ProfileFeed.CustomerId(merged),
        Version = version,
        MergedAt = DateTimeOffset.UnixEpoch,
        Reason = "test",
    };
}
