using CustomerStream.Contracts;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Identity.Service;
using CustomerStream.Generation;
using CustomerStream.Kafka;
using CustomerStream.Pipeline.Testing;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CustomerStream.Identity.Tests.Integration;

/// <summary>
/// The identity service on the embedded cluster, fed the generated sample through the real ingest path:
/// what it finds must be the generator's ground truth, and a crash mid-stream must change nothing.
/// </summary>
public sealed class IdentityServiceTests(ITestOutputHelper output)
{
    private static readonly GeneratorOptions Sample = new() { Customers = 250, Months = 6, Seed = 11 };

    [Fact]
    public async Task The_customers_found_are_the_ground_truth_and_each_merge_is_announced_once()
    {
        using var folder = new TemporaryDirectory();
        var sample = await EmbeddedPipeline.GenerateAsync(Sample, folder.Path);
        var truth = await GroundTruth.LoadAsync(sample.GroundTruthPath);
        await using var pipeline = await EmbeddedPipeline.StartAsync();
        await pipeline.PublishAsync(sample);

        await using (var service = Service(pipeline, folder.Path))
        {
            await service.StartAsync();
            await WaitForIdentityAsync(pipeline);
        }

        var result = Result.Read(pipeline);
        output.WriteLine($"{result.Links.Count} identifiers, {result.Merges.Count} merge events, {truth.Customers.Count} expected customers");

        // Every strong identifier of an expected customer resolves to that customer's ID, and no other
        // strong identifier resolves to it: the same partition, the same survivors.
        var expected = truth.Customers.SelectMany(c => c.Identifiers.Select(i => (Identifier: i, c.CustomerId))).ToList();
        var strongLinks = result.Links.Where(l => Contracts.Primitives.Identifier.Parse(l.Key).IsStrong).ToDictionary();
        Assert.Equal(expected.Count, strongLinks.Count);
        Assert.All(expected, e => Assert.Equal(e.CustomerId, strongLinks.GetValueOrDefault(e.Identifier)));
        Assert.Equal(truth.Customers.Count, strongLinks.Values.Distinct().Count());

        // Each merge once: no merge event is published twice. (An ID may be merged away, revived by earlier
        // acquisition evidence arriving later, and merged again: those are distinct events, with rising versions.)
        Assert.NotEmpty(result.Merges);
        Assert.Equal(result.Merges.Count, result.Merges.Select(m => m.EventId).Distinct().Count());
        AssertAliasesResolveToTruth(truth, result);

        // Acquisition: the latest acquisition fact of each customer is the truth's.
        Assert.All(truth.Customers, c => Assert.Equal(c.AcquisitionTs, result.Acquisitions.GetValueOrDefault(c.CustomerId)?.AcquisitionTs));
    }

    [Fact]
    public async Task Killing_the_service_mid_stream_and_starting_another_changes_nothing()
    {
        using var folder = new TemporaryDirectory();
        var sample = await EmbeddedPipeline.GenerateAsync(Sample, folder.Path);
        var truth = await GroundTruth.LoadAsync(sample.GroundTruthPath);
        await using var pipeline = await EmbeddedPipeline.StartAsync();
        await pipeline.PublishAsync(sample);

        await using (var first = Service(pipeline, folder.Path, maxBatchRecords: 200))
        {
            await first.StartAsync();
            var graph = first.Services.GetRequiredKeyedService<StreamApplication>(IdentityServiceHosting.GraphApplication);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (graph.GetStatus().ProcessedRecords < sample.Records / 3 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            output.WriteLine($"crashing after {graph.GetStatus().ProcessedRecords} of about {sample.Records} records");
            Assert.True(graph.GetStatus().ProcessedRecords > 0);
            await graph.SimulateCrashAsync(CrashPoint.Immediately);
        }

        await using (var second = Service(pipeline, folder.Path, maxBatchRecords: 200))
        {
            await second.StartAsync();
            await WaitForIdentityAsync(pipeline);
        }

        var result = Result.Read(pipeline);
        var strongLinks = result.Links.Where(l => Contracts.Primitives.Identifier.Parse(l.Key).IsStrong).ToDictionary();
        Assert.All(truth.Customers.SelectMany(c => c.Identifiers.Select(i => (Identifier: i, c.CustomerId))),
            e => Assert.Equal(e.CustomerId, strongLinks.GetValueOrDefault(e.Identifier)));
        Assert.Equal(truth.Customers.Count, strongLinks.Values.Distinct().Count());

        // A replayed batch may publish a merge event again, identical: consumers dedupe by its event id.
        Assert.All(result.Merges.GroupBy(m => m.EventId), g => Assert.Single(g.Select(m => (m.MergedId, m.SurvivorId, m.Version)).Distinct()));
        AssertAliasesResolveToTruth(truth, result);
        Assert.All(truth.Customers, c => Assert.Equal(c.AcquisitionTs, result.Acquisitions.GetValueOrDefault(c.CustomerId)?.AcquisitionTs));
    }

    [Fact]
    public async Task An_unreachable_registry_is_waited_out_with_back_off_and_no_record_is_skipped()
    {
        using var folder = new TemporaryDirectory();
        var sample = await EmbeddedPipeline.GenerateAsync(Sample, folder.Path);
        var truth = await GroundTruth.LoadAsync(sample.GroundTruthPath);
        await using var pipeline = await EmbeddedPipeline.StartAsync();
        await pipeline.PublishAsync(sample);
        var registry = new Uri(pipeline.Registry.Url);
        await using var proxy = TcpProxy.Start(registry.Host, registry.Port);
        var throughProxy = ("SchemaRegistry:Url", $"http://127.0.0.1:{proxy.Port}");
        var state = Path.Combine(folder.Path, "state", "graph");

        // The graph's own registry client knows no schema yet, and the registry is cut off.
        proxy.Cut();
        var log = new ListLoggerProvider();
        await using (var service = Service(pipeline, folder.Path, state: state, logs: log, extra: [throughProxy, ("SchemaRegistry:MaxRetries", "1")]))
        {
            await service.StartAsync();
            var graph = service.Services.GetRequiredKeyedService<StreamApplication>(IdentityServiceHosting.GraphApplication);
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (graph.GetStatus().Figures.ProcessingRetries < 2 && DateTime.UtcNow < deadline)
            {
                Assert.NotEqual(StreamApplicationState.Failed, graph.GetStatus().State);
                await Task.Delay(50);
            }

            Assert.True(graph.GetStatus().Figures.ProcessingRetries >= 2, "the graph retried its batch while the registry was away");
            Assert.Equal(0, graph.GetStatus().ProcessedRecords);
            proxy.Restore();
            await WaitForIdentityAsync(pipeline);
            Assert.Equal(StreamApplicationState.Running, graph.GetStatus().State);
            Assert.Equal(0, graph.GetStatus().Figures.DeadLetters);
            Assert.DoesNotContain(log.Messages, m => m.StartsWith("Dead-lettered", StringComparison.Ordinal));
        }

        var result = Result.Read(pipeline);
        var strongLinks = result.Links.Where(l => Contracts.Primitives.Identifier.Parse(l.Key).IsStrong).ToDictionary();
        Assert.All(truth.Customers.SelectMany(c => c.Identifiers.Select(i => (Identifier: i, c.CustomerId))),
            e => Assert.Equal(e.CustomerId, strongLinks.GetValueOrDefault(e.Identifier)));
        Assert.Equal(truth.Customers.Count, strongLinks.Values.Distinct().Count());
    }

    /// <summary>Every merged-away ID that is no customer of the truth leads, by its latest merge, to one that is.</summary>
    private static void AssertAliasesResolveToTruth(GroundTruth truth, Result result)
    {
        var customers = truth.Customers.Concat(truth.AnonymousProfiles).Select(c => c.CustomerId).ToHashSet();
        var latest = result.Merges.GroupBy(m => m.MergedId).ToDictionary(g => g.Key, g => g.MaxBy(m => m.Version)!.SurvivorId);
        foreach (var alias in latest.Keys.Where(id => !customers.Contains(id)))
        {
            var id = alias;
            for (var hops = 0; !customers.Contains(id) && hops < 10; hops++)
            {
                id = latest.GetValueOrDefault(id, id);
            }

            Assert.True(customers.Contains(id), $"{alias} does not resolve to a customer (ends at {id})");
        }
    }

    private RunningIdentity Service(
        EmbeddedPipeline pipeline, string folder, int maxBatchRecords = 5_000, string? state = null, ILoggerProvider? logs = null, (string Key, string Value)[]? extra = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.AddProvider(new TestLoggerProvider(output));
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddEmbeddedKafka(pipeline.Cluster);
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(pipeline.Configuration(
                ("Identity:StateDirectory", state ?? Path.Combine(folder, "state", Guid.NewGuid().ToString("N"))),
                ("Identity:MaxBatchRecords", maxBatchRecords.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("Identity:MaxBatchWait", "00:00:00.020"),
                ("Identity:SessionTimeout", "00:00:06")))
            .AddInMemoryCollection((extra ?? []).Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)))
            .Build();
        services.AddIdentityService(configuration);
        return new RunningIdentity(services.BuildServiceProvider());
    }

    private static async Task WaitForIdentityAsync(EmbeddedPipeline pipeline)
    {
        await pipeline.WaitForCaughtUpAsync("customerstream-identity", IdentityTopologies.IngestTopics, TimeSpan.FromMinutes(2));
    }

    /// <summary>Keeps the formatted messages the service logs, to check what it skipped.</summary>
    private sealed class ListLoggerProvider : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

        public IReadOnlyList<string> Messages => [.. _messages];

        public ILogger CreateLogger(string categoryName) => new Logger(_messages);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }

    private sealed class RunningIdentity(ServiceProvider services) : IAsyncDisposable
    {
        public ServiceProvider Services => services;

        public Task StartAsync() => Graph.StartAsync();

        private StreamApplication Graph => services.GetRequiredKeyedService<StreamApplication>(IdentityServiceHosting.GraphApplication);

        public async ValueTask DisposeAsync() => await services.DisposeAsync();
    }

    private sealed record Result(Dictionary<string, string> Links, List<CustomerMerged> Merges, Dictionary<string, AcquisitionFact> Acquisitions)
    {
        public static Result Read(EmbeddedPipeline pipeline)
        {
            var links = pipeline.ReadAll<IdentityLink>(Topics.IdentityLinks)
                .Select(r => r.Message.Value)
                .GroupBy(l => l.Identifier)
                .ToDictionary(g => g.Key, g => g.MaxBy(l => l.Version)!.CustomerId);
            var merges = pipeline.ReadAll<CustomerMerged>(Topics.CustomerMerged).Select(r => r.Message.Value).ToList();
            var acquisitions = pipeline.ReadAll<IdentityFact>(Topics.IdentityFacts)
                .Select(r => r.Message.Value)
                .Where(f => f.Fact is AcquisitionFact)
                .GroupBy(f => f.CustomerId)
                .ToDictionary(g => g.Key, g => (AcquisitionFact)g.MaxBy(f => f.Seq)!.Fact);
            return new Result(links, merges, acquisitions);
        }
    }
}
