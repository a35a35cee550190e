using CustomerStream.Bridge.Mapping;
using CustomerStream.Bridge.Tests.Support;
using CustomerStream.Contracts;
using CustomerStream.Testing;
using Xunit.Abstractions;
using Contract = CustomerStream.Contracts.Customer;

namespace CustomerStream.Bridge.Tests;

/// <summary>The bridge against a real RabbitMQ (a virtual host of its own per test) and the sample subscriber.</summary>
public sealed class BridgeDeliveryTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Every_record_arrives_with_its_content_and_the_subscriber_keeps_the_newest_version_of_each_customer()
    {
        await using var virtualHost = new RabbitMqVirtualHost();
        await virtualHost.InitializeAsync();
        await using var scenario = new BridgeScenario(registry.Url, registry.Client, output);
        var broker = Broker.Of(virtualHost);
        await scenario.StartSubscriberAsync(broker);
        var bridge = await scenario.StartBridgeAsync(broker);

        const int customers = 300, versions = 4;
        var records = ProfileFeed.Records(customers, versions).ToList();
        await scenario.ProduceAsync(records);
        // A replay upstream re-sends older versions after the newer ones: the subscriber must not go back.
        var stale = Enumerable.Range(0, customers).Where(c => c % 3 == 0).Select(c => ProfileFeed.Record(c, 2)).ToList();
        await scenario.ProduceAsync(stale);

        var eventIds = records.Select(r => r.EventId).ToHashSet();
        await scenario.WaitUntilAsync(
            () => eventIds.All(scenario.Received.Events.ContainsKey) && scenario.Received.Deliveries >= records.Count + stale.Count,
            "every record to arrive", Patience, () => $"{scenario.Received.Events.Count} of {eventIds.Count} event ids");

        var directory = scenario.Directory!;
        Assert.Equal(customers, directory.Profiles.Count);
        for (var customer = 0; customer < customers; customer++)
        {
            var expected = MessageMapper.ToMessage(ProfileFeed.Record(customer, versions));
            var kept = directory.Profiles[ProfileFeed.CustomerId(customer)];
            Assert.Equal(versions, kept.Version);
            Json.AssertEqual(expected.Profile, kept.Message);
        }

        // Deliveries may come in another order than published (concurrent consumers): an older version arriving after
        // a newer one is dropped too, so only the sum is fixed.
        Assert.Equal(scenario.Received.Deliveries, directory.Applied + directory.Dropped);
        Assert.True(directory.Dropped >= stale.Count, $"{directory.Dropped} dropped, at least {stale.Count} stale expected");
        Assert.All(scenario.Received.MessageIds, m => Assert.Equal(MessageIds.For(Topics.CustomerProfileChanged, m.EventId), m.MessageId));
        await scenario.WaitUntilAsync(() => scenario.CommittedOffsets() == scenario.EndOffsets(), "the bridge to commit every offset", Patience);
        Assert.Equal(0, BridgeScenario.Metrics(bridge).DeadLetteredRecords);
    }

    [Fact]
    public async Task An_undecodable_record_is_passed_over_counted_and_logged_and_every_other_record_arrives()
    {
        await using var virtualHost = new RabbitMqVirtualHost();
        await virtualHost.InitializeAsync();
        await using var scenario = new BridgeScenario(registry.Url, registry.Client, output);
        var broker = Broker.Of(virtualHost);
        await scenario.StartSubscriberAsync(broker);
        var bridge = await scenario.StartBridgeAsync(broker);

        var before = ProfileFeed.Records(customers: 50, versions: 1).ToList();
        var after = ProfileFeed.Records(customers: 50, versions: 1, firstCustomer: 50).ToList();
        await scenario.ProduceAsync(before);
        scenario.ProduceRaw(Topics.CustomerProfileChanged, "c360_poison", "{\"not\": \"avro\"}"u8.ToArray());
        scenario.ProduceRaw(Topics.CustomerMerged, "c360_poison", [1, 0, 0, 0x7F, 0x7F, 1, 2, 3]);
        await scenario.ProduceAsync(after);

        var eventIds = before.Concat(after).Select(r => r.EventId).ToHashSet();
        await scenario.WaitUntilAsync(() => eventIds.All(scenario.Received.Events.ContainsKey), "every good record to arrive", Patience);
        await scenario.WaitUntilAsync(() => scenario.CommittedOffsets() == scenario.EndOffsets(), "the bridge to commit past the bad records", Patience);
        Assert.Equal(2, BridgeScenario.Metrics(bridge).DeadLetteredRecords);
        Assert.Equal(100, scenario.Directory!.Profiles.Count);
    }
}
