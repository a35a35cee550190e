using CustomerStream.Bridge.Tests.Support;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Bridge.Tests;

/// <summary>
/// The RabbitMQ broker restarted while customer changes stream through the bridge: stopped the way an init system
/// stops it, then later killed outright. The broker is the test's own node (not the shared one), so other tests
/// never see it go.
/// </summary>
public sealed class BrokerRestartTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_broker_restarted_and_killed_mid_stream_loses_nothing_and_the_subscriber_view_is_exact()
    {
        await using var node = await RabbitMqNode.StartAsync();
        await using var scenario = new BridgeScenario(registry.Url, registry.Client, output);
        var broker = Broker.Of(node);
        await scenario.StartSubscriberAsync(broker);
        var bridge = await scenario.StartBridgeAsync(broker);

        // 400 customers, 12 versions each, produced in rounds while the broker goes down twice.
        const int customers = 400, versions = 12;
        var records = ProfileFeed.Records(customers, versions).ToList();
        var producing = Task.Run(async () =>
        {
            foreach (var round in records.Chunk(customers / 2))
            {
                await scenario.ProduceAsync(round);
                await Task.Delay(150);
            }
        });

        await scenario.WaitUntilAsync(() => scenario.Received.Deliveries >= records.Count / 5, "a fifth of the records to arrive", Patience);
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} stopping the broker after {scenario.Received.Deliveries:N0} deliveries");
        await node.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await node.StartAgainAsync();
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} broker started again");

        await scenario.WaitUntilAsync(() => scenario.Received.Deliveries >= records.Count / 2, "half of the records to arrive", Patience);
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} killing the broker after {scenario.Received.Deliveries:N0} deliveries");
        await node.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await node.StartAgainAsync();
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} broker started again");

        await producing;
        var eventIds = records.Select(r => r.EventId).ToHashSet();
        await scenario.WaitUntilAsync(() => eventIds.All(scenario.Received.Events.ContainsKey), "every record to arrive at least once", Patience,
            () => $"{eventIds.Count(e => !scenario.Received.Events.ContainsKey(e))} of {eventIds.Count} missing");
        await scenario.WaitUntilAsync(() => scenario.CommittedOffsets() == scenario.EndOffsets(), "the bridge to commit every offset", Patience);

        var directory = scenario.Directory!;
        Assert.Equal(customers, directory.Profiles.Count);
        for (var customer = 0; customer < customers; customer++)
        {
            var kept = directory.Profiles[ProfileFeed.CustomerId(customer)];
            Assert.Equal(versions, kept.Version);
            Json.AssertEqual(Mapping.MessageMapper.ToMessage(ProfileFeed.Record(customer, versions)).Profile, kept.Message);
        }

        var duplicates = scenario.Received.Events.Values.Count(n => n > 1);
        output.WriteLine($"{scenario.Received.Deliveries:N0} deliveries of {records.Count:N0} records ({duplicates:N0} records delivered more than once); "
                         + $"{BridgeScenario.Metrics(bridge).PublishRetries:N0} publishes sent again; {directory.Dropped:N0} dropped by the version rule");
    }
}
