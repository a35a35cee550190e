using Confluent.Kafka;
using CustomerStream.Bridge.Service;
using CustomerStream.Bridge.Tests.Support;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CustomerStream.Bridge.Tests;

/// <summary>
/// At least once through outages: RabbitMQ unreachable, the Schema Registry unreachable, Kafka brokers down and
/// failing requests. Nothing is committed before RabbitMQ confirmed it, and everything arrives once they are back.
/// </summary>
public sealed class BridgeOutageTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Offsets_are_committed_only_after_RabbitMQ_confirmed_and_nothing_is_lost_while_it_is_unreachable()
    {
        await using var virtualHost = new RabbitMqVirtualHost();
        await virtualHost.InitializeAsync();
        await using var scenario = new BridgeScenario(registry.Url, registry.Client, output);
        var broker = Broker.Of(virtualHost);
        await using var proxy = TcpProxy.Start(broker.Host, broker.Port);
        await scenario.StartSubscriberAsync(broker);

        // The bridge reaches RabbitMQ only through the proxy, which refuses every connection for now.
        proxy.Cut();
        var bridge = await scenario.StartBridgeAsync(broker.Through(proxy));
        var status = bridge.Services.GetRequiredService<BridgeStatus>();
        var records = ProfileFeed.Records(customers: 200, versions: 2).ToList();
        await scenario.ProduceAsync(records);

        await scenario.WaitUntilAsync(() => BridgeScenario.Metrics(bridge).PublishRetries > 0 && status.Problems.ContainsKey(BridgeStatus.RabbitMq),
            "the bridge to find RabbitMQ unreachable", Patience);
        Assert.Equal(0, scenario.CommittedOffsets());
        Assert.Equal(0, scenario.Received.Deliveries);

        proxy.Restore();
        var eventIds = records.Select(r => r.EventId).ToHashSet();
        await scenario.WaitUntilAsync(() => eventIds.All(scenario.Received.Events.ContainsKey), "every record to arrive", Patience,
            () => $"{scenario.Received.Events.Count} of {eventIds.Count}");
        await scenario.WaitUntilAsync(() => scenario.CommittedOffsets() == scenario.EndOffsets(), "the bridge to commit every offset", Patience);
        Assert.Empty(status.Problems);
        Assert.All(scenario.Directory!.Profiles.Values, p => Assert.Equal(2, p.Version));
    }

    [Fact]
    public async Task The_bridge_waits_out_an_unreachable_registry_Kafka_brokers_down_and_failing_requests()
    {
        await using var virtualHost = new RabbitMqVirtualHost();
        await virtualHost.InitializeAsync();
        await using var registryProxy = TcpProxy.Start("127.0.0.1", registry.Port);
        await using var scenario = new BridgeScenario(registry.Url, registry.Client, output)
        {
            RegistryUrl = $"http://127.0.0.1:{registryProxy.Port}",
        };
        var broker = Broker.Of(virtualHost);
        await scenario.StartSubscriberAsync(broker);

        // The registry is away when the bridge starts: it cannot read a single record until it is back.
        registryProxy.Cut();
        var bridge = await scenario.StartBridgeAsync(broker);
        var status = bridge.Services.GetRequiredService<BridgeStatus>();
        var first = ProfileFeed.Records(customers: 150, versions: 2).ToList();
        await scenario.ProduceAsync(first);
        await scenario.WaitUntilAsync(() => status.Problems.ContainsKey(BridgeStatus.Registry), "the bridge to find the registry unreachable", Patience);
        Assert.Equal(0, scenario.Received.Deliveries);
        registryProxy.Restore();

        // Then Kafka misbehaves while more records stream: a broker down, failing fetches and offset commits.
        var cluster = scenario.Cluster;
        cluster.PushRequestErrors(KafkaApiKey.Fetch, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.LeaderNotAvailable);
        cluster.PushRequestErrors(KafkaApiKey.OffsetCommit, ErrorCode.RequestTimedOut, ErrorCode.NotCoordinatorForGroup, ErrorCode.GroupLoadInProgress);
        cluster.SetBrokerRoundTripTime(2, TimeSpan.FromMilliseconds(200));
        cluster.SetBrokerDown(3);
        var second = ProfileFeed.Records(customers: 150, versions: 3).Where(r => r.Version == 3).ToList();
        await scenario.ProduceAsync(second);
        await Task.Delay(TimeSpan.FromSeconds(3));
        cluster.SetBrokerUp(3);
        cluster.SetBrokerRoundTripTime(2, TimeSpan.Zero);

        var eventIds = first.Concat(second).Select(r => r.EventId).ToHashSet();
        await scenario.WaitUntilAsync(() => eventIds.All(scenario.Received.Events.ContainsKey), "every record to arrive", Patience,
            () => $"{scenario.Received.Events.Count} of {eventIds.Count}");
        await scenario.WaitUntilAsync(() => scenario.CommittedOffsets() == scenario.EndOffsets(), "the bridge to commit every offset", Patience);
        Assert.Equal(150, scenario.Directory!.Profiles.Count);
        Assert.All(scenario.Directory.Profiles.Values, p => Assert.Equal(3, p.Version));
        Assert.Empty(status.Problems);
        Assert.Equal(0, BridgeScenario.Metrics(bridge).DeadLetteredRecords);
    }
}
