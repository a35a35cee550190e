using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Bridge.Service;
using CustomerStream.Bridge.Tests.Support;
using CustomerStream.Kafka.Telemetry;
using CustomerStream.Testing;
using MassTransit.Logging;
using Xunit.Abstractions;

namespace CustomerStream.Bridge.Tests;

/// <summary>The trace a record carries in its Kafka headers goes on through the bridge into the subscriber's consume span.</summary>
public sealed class BridgeTracingTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task A_subscriber_consumes_each_message_in_the_trace_its_Kafka_record_carried()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is BridgeMetrics.MeterName or DiagnosticHeaders.DefaultListenerName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        await using var virtualHost = new RabbitMqVirtualHost();
        await virtualHost.InitializeAsync();
        await using var scenario = new BridgeScenario(registry.Url, registry.Client, output);
        var broker = Broker.Of(virtualHost);
        await scenario.StartSubscriberAsync(broker);
        await scenario.StartBridgeAsync(broker);

        var traces = new Dictionary<string, ActivityTraceId>();
        var records = ProfileFeed.Records(customers: 20, versions: 1).Select(record =>
        {
            var context = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
            traces[record.EventId] = context.TraceId;
            var headers = new Headers();
            TraceContextPropagation.Inject(headers, context);
            return (record, (Headers?)headers);
        }).ToList();
        await scenario.ProduceAsync(records);
        await scenario.WaitUntilAsync(() => traces.Keys.All(scenario.Received.Events.ContainsKey), "every record to arrive", TimeSpan.FromMinutes(2));

        // A span is recorded when it stops: the bridge's publish span stops when RabbitMQ confirms the message,
        // which on a busy machine can come after the subscriber consumed it, so wait for both kinds.
        var ours = traces.Values.ToHashSet();
        await scenario.WaitUntilAsync(
            () => ours.All(t => spans.Any(s => s.TraceId == t && s.Source.Name == DiagnosticHeaders.DefaultListenerName && s.Kind == ActivityKind.Consumer)
                && spans.Any(s => s.TraceId == t && s.Source.Name == BridgeMetrics.MeterName)),
            "a consume span and the bridge's publish span in every record's trace", TimeSpan.FromSeconds(30));
        Assert.All(ours, trace =>
        {
            var bridge = Assert.Single(spans, s => s.TraceId == trace && s.Source.Name == BridgeMetrics.MeterName);
            Assert.Equal("customer.profile-changed.v1", bridge.GetTagItem("messaging.source.name"));
            Assert.Contains(spans, s => s.TraceId == trace && s.Source.Name == DiagnosticHeaders.DefaultListenerName && s.Kind == ActivityKind.Producer);
        });
    }
}
