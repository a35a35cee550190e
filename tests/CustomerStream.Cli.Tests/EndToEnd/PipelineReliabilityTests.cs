using Confluent.Kafka;
using CustomerStream.Aggregator.Hosting;
using CustomerStream.Cli.Stack;
using CustomerStream.Identity.Service;
using CustomerStream.Generation;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Pipeline.Testing;
using CustomerStream.Projection.Hosting;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// The reliability bars on the whole pipeline, each service in its own host as in production: broker
/// faults (a broker down and up, failing produce requests, a slow broker) while the sample streams, and the
/// identity graph and the aggregator killed mid-stream (no commit, no flush) and started again. The marts at
/// the end must be exactly what an undisturbed run gives: the generator's ground truth.
/// </summary>
public sealed class PipelineReliabilityTests(ITestOutputHelper output)
{
    private static readonly GeneratorOptions Sample = new() { Customers = 400, Months = 6, Seed = 29 };

    [Fact]
    public async Task Broker_faults_and_services_killed_mid_stream_leave_the_marts_equal_to_the_ground_truth()
    {
        using var folder = new TemporaryDirectory();
        var sample = await EmbeddedPipeline.GenerateAsync(Sample, folder.Path);
        var truth = await GroundTruth.LoadAsync(sample.GroundTruthPath);
        await using var pipeline = await EmbeddedPipeline.StartAsync();
        var hosts = new List<IHost>();
        try
        {
            var identity = await StartAsync(hosts, pipeline, folder.Path, "identity", (s, c) => s.AddIdentityService(c));
            var aggregator = await StartAsync(hosts, pipeline, folder.Path, "aggregator", (s, c) => s.AddAggregatorService(c));
            await StartAsync(hosts, pipeline, folder.Path, "projection", (s, c) => s.AddProjectionService(c));

            // The sample is published while a broker is slow and produce requests fail (retriable errors).
            var cluster = pipeline.Cluster;
            cluster.SetBrokerRoundTripTime(2, TimeSpan.FromMilliseconds(150));
            cluster.PushRequestErrors(KafkaApiKey.Produce,
                ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas, ErrorCode.LeaderNotAvailable);
            var publishing = Task.Run(() => pipeline.PublishAsync(sample));

            // The identity graph dies a third of the way through; a new instance takes over its state directory.
            var graph = identity.Services.GetRequiredKeyedService<StreamApplication>(IdentityServiceHosting.GraphApplication);
            await WaitForAsync(() => graph.GetStatus().ProcessedRecords >= sample.Records / 3, "identity to process a third of the sample");
            output.WriteLine($"killing identity after {graph.GetStatus().ProcessedRecords:N0} of {sample.Records:N0} records");
            await graph.SimulateCrashAsync(CrashPoint.Immediately);
            await StopQuietlyAsync(identity);
            await StartAsync(hosts, pipeline, folder.Path, "identity", (s, c) => s.AddIdentityService(c));

            // A broker goes down and comes back while everything streams.
            cluster.SetBrokerDown(3);
            await Task.Delay(TimeSpan.FromSeconds(3));
            cluster.SetBrokerUp(3);

            // The aggregator dies after writing its changelog but before committing.
            var aggregation = aggregator.Services.GetAggregatorApplication();
            await WaitForAsync(() => aggregation.GetStatus().ProcessedRecords > 0, "the aggregator to process records");
            output.WriteLine($"killing the aggregator after {aggregation.GetStatus().ProcessedRecords:N0} records");
            await aggregation.SimulateCrashAsync(CrashPoint.AfterChangelogWrites);
            await StopQuietlyAsync(aggregator);
            cluster.SetBrokerRoundTripTime(2, TimeSpan.Zero);
            await StartAsync(hosts, pipeline, folder.Path, "aggregator", (s, c) => s.AddAggregatorService(c));

            var tallies = await publishing;
            Assert.Equal(sample.Records, tallies.Sum(t => t.Accepted + t.Rejected));
            using (var settling = new PipelineSettling(cluster.BootstrapServers, ProductCatalog.Stages))
            {
                await settling.WaitAsync(TimeSpan.FromMinutes(4),
                    look => output.WriteLine(string.Join(", ", look.Select(l => $"{l.Stage.Name} {l.Lag:N0} behind"))), CancellationToken.None);
            }

            await MartAssertions.MatchGroundTruthAsync(pipeline.PostgresConnectionString, truth);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await StopQuietlyAsync(host);
                host.Dispose();
            }
        }
    }

    private async Task<IHost> StartAsync(List<IHost> hosts, EmbeddedPipeline pipeline, string folder, string service, Action<IServiceCollection, IConfiguration> add)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(pipeline.Configuration(
            ("Kafka:DefaultPartitions", EmbeddedPipeline.DefaultPartitions.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Identity:StateDirectory", Path.Combine(folder, "state", "identity")),
            ("Identity:MaxBatchRecords", "500"),
            ("Aggregator:StateDirectory", Path.Combine(folder, "state", "aggregator")),
            ("Aggregator:MaxBatchRecords", "500"),
            ("Projection:MaxBatchSize", "2000")));
        builder.Logging.AddProvider(new TestLoggerProvider(output));
        builder.Services.AddEmbeddedKafka(pipeline.Cluster);
        add(builder.Services, builder.Configuration);
        var host = builder.Build();
        hosts.Add(host);
        await host.StartAsync();
        output.WriteLine($"started {service}");
        return host;
    }

    private static async Task StopQuietlyAsync(IHost host)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await host.StopAsync(grace.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or AggregateException or InvalidOperationException)
        {
            // A crashed application has nothing left to stop.
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
