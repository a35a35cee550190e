using System.Diagnostics.Metrics;
using CustomerStream.Aggregator.Hosting;
using CustomerStream.Aggregator.Processing;
using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Contracts;
using CustomerStream.Streaming.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace CustomerStream.Aggregator.Tests.Service;

public sealed class AggregatorServiceTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Every_customer_period_figure_and_summary_on_kafka_equals_a_recomputation_from_the_facts()
    {
        var facts = IdentityFactWorkload.Generate(customers: 200, seed: 11);
        var expected = ReferenceModel.From(facts).Expected();
        await using var scenario = new ServiceScenario(registry, output);
        scenario.Produce(facts);

        var host = await scenario.StartServiceAsync();
        await scenario.WaitForViewAsync(expected);

        Assert.Equal(StreamApplicationState.Running, host.Services.GetAggregatorApplication().State);
        Assert.Empty(scenario.View.ProfileVersionViolations);
        Assert.Contains(scenario.Changes, c => c.Removed && c.MergedInto is not null);
        Assert.All(expected.Keys, id => Assert.True(scenario.View.Profiles.ContainsKey(id), id));
        Assert.True(expected.Count > 150, $"{expected.Count} customers");
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == AggregatorServiceCollectionExtensions.ApplicationKey);
        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task Facts_that_arrive_while_the_service_runs_are_folded_in_batch_by_batch()
    {
        var facts = IdentityFactWorkload.Generate(customers: 120, seed: 5);
        await using var scenario = new ServiceScenario(registry, output);
        await scenario.StartServiceAsync();

        foreach (var chunk in facts.Chunk(400))
        {
            scenario.Produce(chunk);
        }

        await scenario.WaitForViewAsync(ReferenceModel.From(facts).Expected());
        Assert.Empty(scenario.View.ProfileVersionViolations);
    }

    [Fact]
    public async Task An_undecodable_record_goes_to_the_dead_letter_topic_with_its_offset_is_counted_and_the_service_goes_on()
    {
        var facts = IdentityFactWorkload.Generate(customers: 40, seed: 23);
        await using var scenario = new ServiceScenario(registry, output);
        var host = await scenario.StartServiceAsync();
        var metrics = host.Services.GetRequiredService<AggregatorMetrics>();
        var skipped = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == "customerstream.aggregator.undecodable")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (skipped)
            {
                var topic = (string)tags.ToArray().Single(t => t.Key == "topic").Value!;
                skipped[topic] = skipped.GetValueOrDefault(topic) + value;
            }
        });
        listener.Start();

        scenario.Produce(facts.Take(facts.Count / 2));
        scenario.ProduceRaw(Topics.IdentityFacts, facts[0].CustomerId, "{\"customer_id\":\"json, not avro\"}"u8.ToArray());
        // Not Confluent-framed either (magic byte 1): no registry lookup can help it.
        scenario.ProduceRaw(Topics.IdentityFacts, facts[1].CustomerId, [1, 0, 0, 0, 1, 1, 2, 3]);
        scenario.ProduceRaw(Topics.AggregatorStateTransfers, facts[2].CustomerId, [0xff, 1, 2]);
        scenario.Produce(facts.Skip(facts.Count / 2));

        await scenario.WaitForViewAsync(ReferenceModel.From(facts).Expected());
        Assert.Equal(StreamApplicationState.Running, host.Services.GetAggregatorApplication().State);
        lock (skipped)
        {
            Assert.Equal(2, skipped.GetValueOrDefault(Topics.IdentityFacts));
            Assert.Equal(1, skipped.GetValueOrDefault(Topics.AggregatorStateTransfers));
        }

        var logged = scenario.LastLog!.Problems.Where(l => l.Contains("Dead-lettered an undecodable record")).ToList();
        Assert.Equal(3, logged.Count);
        Assert.Equal(2, logged.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"identity\.customer-facts\.v1\[\d\]@\d+")));
        Assert.Single(logged, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"aggregator\.state-transfers\.v1\[\d\]@\d+"));

        var letters = scenario.ReadAll(Topics.AggregatorDeadLetters);
        Assert.Equal(3, letters.Count);
        Assert.Equal(
            new[] { Topics.AggregatorStateTransfers, Topics.IdentityFacts, Topics.IdentityFacts },
            letters.Select(l => Kafka.Faults.DeadLetters.Read(l).SourceTopic).Order());
        Assert.Contains(letters, l => l.Message.Value!.SequenceEqual(new byte[] { 0xff, 1, 2 }));
        Assert.Equal(3, host.Services.GetAggregatorApplication().GetStatus().Figures.DeadLetters);
    }

    [Fact]
    public async Task A_schema_id_the_registry_does_not_know_stops_the_service_with_a_clear_message_instead_of_skipping()
    {
        var facts = IdentityFactWorkload.Generate(customers: 10, seed: 29);
        await using var scenario = new ServiceScenario(registry, output);
        var host = await scenario.StartServiceAsync();
        scenario.Produce(facts);
        scenario.ProduceRaw(Topics.IdentityFacts, facts[0].CustomerId, [0, 0, 0, 0x7f, 0x7f, 1, 2, 3]);

        var application = host.Services.GetAggregatorApplication();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => application.Completion.WaitAsync(TimeSpan.FromSeconds(90)));

        Assert.StartsWith($"The Schema Registry does not know the schema of the record at {Topics.IdentityFacts}[", error.Message, StringComparison.Ordinal);
        Assert.Contains("SchemaRegistry:Url", error.Message, StringComparison.Ordinal);
        Assert.Equal(StreamApplicationState.Failed, application.State);
        Assert.Empty(scenario.ReadAll(Topics.AggregatorDeadLetters));
    }
}
