using System.Globalization;
using CustomerStream.Aggregator.Hosting;
using CustomerStream.Bridge.Hosting;
using CustomerStream.Bridge.Mapping;
using CustomerStream.Bridge.Tests.Support;
using CustomerStream.Contracts;
using CustomerStream.Identity.Service;
using CustomerStream.Generation;
using CustomerStream.Kafka;
using CustomerStream.Pipeline.Testing;
using CustomerStream.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using Contract = CustomerStream.Contracts.Customer;
using Message = CustomerStream.Messages;

namespace CustomerStream.Bridge.Tests;

/// <summary>
/// The real pipeline (ingest → identity → aggregator) on a generated messy sample, the bridge and the sample
/// subscriber: the subscriber's view must be exactly the newest record of every customer and merge in the topics,
/// and mean what the generator's ground truth says.
/// </summary>
public sealed class PipelineSubscriberTests(ITestOutputHelper output)
{
    private static readonly GeneratorOptions Sample = new() { Customers = 250, Months = 6, Seed = 41 };

    [Fact]
    public async Task The_subscriber_sees_every_customer_and_merge_of_the_pipeline_with_the_newest_content()
    {
        using var folder = new TemporaryDirectory();
        var sample = await EmbeddedPipeline.GenerateAsync(Sample, folder.Path);
        var truth = await GroundTruth.LoadAsync(sample.GroundTruthPath);
        await using var pipeline = await EmbeddedPipeline.StartAsync();
        await using var virtualHost = new RabbitMqVirtualHost();
        await virtualHost.InitializeAsync();
        var hosts = new List<IHost>();
        await using var scenario = new BridgeScenario(pipeline.Registry.Url, pipeline.Client, output, pipeline.Cluster);
        try
        {
            var broker = Broker.Of(virtualHost);
            await scenario.StartSubscriberAsync(broker);
            Assert.Equal(EmbeddedPipeline.DefaultPartitions, BridgeScenario.Partitions);
            await scenario.StartBridgeAsync(broker);
            hosts.Add(await StartAsync(pipeline, folder.Path, (s, c) => s.AddIdentityService(c)));
            hosts.Add(await StartAsync(pipeline, folder.Path, (s, c) => s.AddAggregatorService(c)));

            await pipeline.PublishAsync(sample);
            var patience = TimeSpan.FromMinutes(4);
            await pipeline.WaitForCaughtUpAsync("customerstream-identity", [Topics.IngestCustomers, Topics.IngestOrders, Topics.IngestWebEvents], patience);
            await pipeline.WaitForCaughtUpAsync("customerstream-aggregator", [Topics.IdentityFacts, Topics.AggregatorStateTransfers], patience);
            await pipeline.WaitForCaughtUpAsync(scenario.GroupId, BridgeTopics.Names, patience);

            var profiles = pipeline.ReadAll<Contract.CustomerProfileChanged>(Topics.CustomerProfileChanged).Select(r => r.Message.Value).ToList();
            var merges = pipeline.ReadAll<Contract.CustomerMerged>(Topics.CustomerMerged).Select(r => r.Message.Value).ToList();
            output.WriteLine($"{profiles.Count:N0} profile changes, {merges.Count:N0} merges in the topics");
            Assert.NotEmpty(merges);
            var eventIds = profiles.Select(p => p.EventId).Concat(merges.Select(m => m.EventId)).ToHashSet();
            await scenario.WaitUntilAsync(() => eventIds.All(scenario.Received.Events.ContainsKey), "every record to arrive", patience,
                () => $"{eventIds.Count(e => !scenario.Received.Events.ContainsKey(e))} of {eventIds.Count} missing");

            // Exactly the newest record per key, field by field.
            var directory = scenario.Directory!;
            var newestProfiles = profiles.GroupBy(p => p.CustomerId).Select(g => g.MaxBy(p => p.Version)!).ToList();
            Assert.Equal(newestProfiles.Count, directory.Profiles.Count);
            foreach (var newest in newestProfiles)
            {
                var kept = directory.Profiles[newest.CustomerId];
                Assert.Equal(newest.Version, kept.Version);
                Json.AssertEqual(MessageMapper.ToMessage(newest).Profile, kept.Message);
            }

            var newestMerges = merges.GroupBy(m => m.MergedId).Select(g => g.MaxBy(m => m.Version)!).ToList();
            Assert.Equal(newestMerges.Count, directory.Aliases.Count);
            Assert.All(newestMerges, m => Assert.Equal((m.Version, m.SurvivorId), (directory.Aliases[m.MergedId].Version, directory.Aliases[m.MergedId].Message)));

            // And what it means: the generator's customers, with their visibility, acquisition and lifetime figures.
            var everyone = truth.Customers.Concat(truth.AnonymousProfiles).ToList();
            var live = directory.Profiles.Where(p => !directory.IsAlias(p.Key)).ToDictionary(p => p.Key, p => p.Value.Message);
            Assert.Equal(everyone.Select(c => c.CustomerId).Order(StringComparer.Ordinal), live.Keys.Order(StringComparer.Ordinal));
            foreach (var expected in everyone)
            {
                var profile = live[expected.CustomerId];
                Assert.Equal(expected.VisibilityStatus, profile.VisibilityStatus.ToString().ToLowerInvariant());
                Assert.Equal(expected.AcquisitionTs, profile.AcquisitionTs?.UtcDateTime);
                Assert.Equal(expected.Months.Sum(m => m.Revenue), profile.LifetimeValue);
                Assert.Equal(expected.Months.Sum(m => m.OrderCount), profile.TotalTransactions);
            }

            Assert.Equal(truth.Totals.Visible, live.Values.Count(p => p.VisibilityStatus == Message.VisibilityStatus.Visible));
            // Every alias leads to a live customer.
            Assert.All(directory.Aliases.Keys, alias => Assert.Contains(directory.Find(alias)!.Value.CustomerId, live.Keys));
        }
        finally
        {
            foreach (var host in hosts)
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await host.StopAsync(grace.Token);
                host.Dispose();
            }
        }
    }

    private async Task<IHost> StartAsync(EmbeddedPipeline pipeline, string folder, Action<IServiceCollection, IConfiguration> add)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(pipeline.Configuration(
            ("Kafka:DefaultPartitions", EmbeddedPipeline.DefaultPartitions.ToString(CultureInfo.InvariantCulture)),
            ("Identity:StateDirectory", Path.Combine(folder, "state", "identity")),
            ("Aggregator:StateDirectory", Path.Combine(folder, "state", "aggregator"))));
        builder.Logging.AddProvider(new TestLoggerProvider(output, LogLevel.Warning));
        builder.Services.AddEmbeddedKafka(pipeline.Cluster);
        add(builder.Services, builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
