using Confluent.Kafka;
using Confluent.SchemaRegistry;
using CustomerStream.Cli.Stack;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Customer;
using CustomerStream.Generation;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Inspection;
using CustomerStream.Projection.Storage;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.ServiceDefaults;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// The pipeline as it runs in production, every service its own OS process (`customerstream run …` against
/// `up --infra-only`), while identity, the aggregator and the projection are killed with SIGKILL — no close, no flush,
/// no checkpoint — at random moments and at the two moments that matter most: the projection between its database
/// commit and its offset commit, and identity in the middle of a restore (its fence written, its changelog not yet
/// replayed). Each is restarted on the same state directory. The settled marts must equal, relation by relation, an
/// uninterrupted run of the same files (`demo`) and the generator's ground truth, and the public profile topic must
/// never show a customer's version going back.
/// </summary>
public sealed class ProcessKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly GeneratorOptions Sample = new() { Customers = 300, Months = 6, Seed = 57 };
    private readonly PostgresDatabaseFixture _killed = new();
    private readonly PostgresDatabaseFixture _reference = new();
    private readonly TemporaryDirectory _home = new("cs-process-kill-");

    public async Task InitializeAsync()
    {
        await _killed.InitializeAsync();
        await _reference.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _killed.DisposeAsync();
        await _reference.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Services_killed_with_SIGKILL_settle_to_an_uninterrupted_run_and_the_ground_truth()
    {
        var input = Path.Combine(_home.Path, "input");
        var sample = await new SampleGenerator().GenerateAsync(Sample, input);
        var truth = await GroundTruth.LoadAsync(sample.GroundTruthPath);

        // The uninterrupted run: the same files through `demo`, one process, nothing killed.
        var referenceHome = Directory.CreateDirectory(Path.Combine(_home.Path, "reference")).FullName;
        using var demo = CliProcess.Start(referenceHome, new Dictionary<string, string?> { ["CS_POSTGRES"] = _reference.ConnectionString }, "demo", "--input", input);
        var demoExit = await demo.WaitForExitAsync(TimeSpan.FromMinutes(5));
        Assert.True(demoExit == 0, $"demo exited with {demoExit}: {string.Join('\n', demo.Output.Concat(demo.Error))}");
        var uninterrupted = await MartSnapshot.TakeAsync(_reference.ConnectionString);

        var home = Directory.CreateDirectory(Path.Combine(_home.Path, "killed")).FullName;
        var environment = new Dictionary<string, string?>
        {
            ["CS_POSTGRES"] = _killed.ConnectionString,
            ["Identity__StateDirectory"] = Path.Combine(home, "state", "identity"),
            ["Aggregator__StateDirectory"] = Path.Combine(home, "state", "aggregator"),
            // A killed member holds its partitions until its session times out: keep that short.
            ["Kafka__SessionTimeoutMs"] = "6000",
            ["Identity__SessionTimeout"] = "00:00:06",
        };
        using var infra = CliProcess.Start(home, environment, "up", "--infra-only");
        await using var services = new ServiceProcesses(home, environment, output.WriteLine);
        try
        {
            await UntilAsync(() => infra.Output.Contains("Press Ctrl-C to stop."), infra, TimeSpan.FromSeconds(90), "the infrastructure to start");
            var endpoints = (await StackEndpoints.ReadAsync(StackEndpoints.PathUnder(home), CancellationToken.None))!;

            services.Start("identity");
            services.Start("aggregator");
            services.Start("projection", FailPoints.ProjectionAfterDatabaseCommit);
            var feeding = Task.Run(async () =>
            {
                foreach (var file in sample.Files)
                {
                    using var ingest = CliProcess.Start(home, environment, "ingest", file.Entity, Path.Combine(input, file.Name));
                    var exitCode = await ingest.WaitForExitAsync(TimeSpan.FromMinutes(4));
                    Assert.True(exitCode == 0, $"ingest {file.Name} exited with {exitCode}: {string.Join('\n', ingest.Output.Concat(ingest.Error))}");
                }
            });

            // The projection stops at its fail point on its first batch: killed between its database commit and its
            // offset commit, that batch is applied again by the next instance.
            await services.WaitForFailPointAsync("projection", TimeSpan.FromMinutes(3));
            await services.KillAsync("projection");
            services.Start("projection");

            // Identity killed, then killed again in the middle of the restore its restart begins with.
            await services.KillAsync("identity");
            services.Start("identity", FailPoints.RestorePrefix + "customerstream-identity");
            await services.WaitForFailPointAsync("identity", TimeSpan.FromMinutes(2));
            await services.KillAsync("identity");
            services.Start("identity");

            // Then kills at random moments while the rest of the sample streams (the test touches no service meanwhile).
            using var stopChaos = new CancellationTokenSource();
            var chaos = Task.Run(() => KillAtRandomAsync(services, stopChaos.Token));
            await feeding;
            await stopChaos.CancelAsync();
            await chaos;
            Assert.Empty(services.Stopped());

            output.WriteLine($"kills: {string.Join(", ", services.Kills.Select(k => $"{k.Key} {k.Value}"))}");
            Assert.All(ServiceProcesses.StreamServices, s => Assert.True(services.Kills.GetValueOrDefault(s) >= 2, $"{s} was killed fewer than twice"));

            using (var settling = new PipelineSettling(endpoints.KafkaBootstrap, ProductCatalog.Stages))
            {
                await settling.WaitAsync(TimeSpan.FromMinutes(5), _ => { }, CancellationToken.None);
            }

            // The population-wide figures (RFM, cohorts) are refreshed on a cadence; demo refreshes them once at the end.
            await using (var marts = Npgsql.NpgsqlDataSource.Create(_killed.ConnectionString))
            {
                await new MartRefresher(marts).RefreshAsync(CancellationToken.None);
            }

            var settled = await MartSnapshot.TakeAsync(_killed.ConnectionString);
            Assert.Null(settled.FirstDifference(uninterrupted));
            await MartAssertions.MatchGroundTruthAsync(_killed.ConnectionString, truth);
            Assert.Null(await FirstVersionRegressionAsync(endpoints));
            using var positions = ConsumerPositionReader.Connect(endpoints.KafkaBootstrap);
            Assert.Empty(await positions.FindRetentionLossesAsync(
                ProductCatalog.Stages.Select(s => new ConsumerGroupTopics(s.GroupId, s.Topics)), CancellationToken.None));
        }
        finally
        {
            foreach (var line in infra.Output.Concat(infra.Error))
            {
                output.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// Kills one of the stream services every 2–5 s (seeded) and starts it again 0.2–1 s later, until stopped and
    /// every one of them was killed at least twice. An incarnation armed with a fail point is left to the test.
    /// </summary>
    private static async Task KillAtRandomAsync(ServiceProcesses services, CancellationToken stop)
    {
        var random = new Random(Sample.Seed);
        while (!stop.IsCancellationRequested || ServiceProcesses.StreamServices.Any(s => services.Kills.GetValueOrDefault(s) < 2))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(2_000, 5_000)));
            var service = ServiceProcesses.StreamServices[random.Next(ServiceProcesses.StreamServices.Count)];
            if (!services.IsArmed(service))
            {
                await services.KillAsync(service);
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(200, 1_000)));
                services.Start(service);
            }
        }
    }

    /// <summary>Reads customer.profile-changed.v1 from the start: a customer whose version goes down in the log is a regression.</summary>
    private static async Task<string?> FirstVersionRegressionAsync(StackEndpoints endpoints)
    {
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = endpoints.SchemaRegistryUrl });
        var profiles = new AvroDeserializer<CustomerProfileChanged>(registry);
        using var positions = ConsumerPositionReader.Connect(endpoints.KafkaBootstrap);
        var partitions = await positions.ReadAsync([Topics.CustomerProfileChanged], [], CancellationToken.None);
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = endpoints.KafkaBootstrap,
            GroupId = Unique.Name("version-check"),
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p.Topic, p.Partition, p.LogStart)));
        var remaining = partitions.Sum(p => p.LogEnd - p.LogStart);
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        while (remaining > 0)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"{remaining} records of {Topics.CustomerProfileChanged} did not arrive");
            remaining--;
            var version = (await profiles.DeserializeAsync(result.Message.Value, false, default)).Version;
            if (latest.TryGetValue(result.Message.Key, out var before) && version < before)
            {
                return $"{result.Message.Key}: version {version} at offset {result.Offset} after {before}";
            }

            latest[result.Message.Key] = Math.Max(version, before);
        }

        return null;
    }

    private static async Task UntilAsync(Func<bool> condition, CliProcess process, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            Assert.False(process.HasExited, $"the process stopped early: {string.Join('\n', process.Output.Concat(process.Error))}");
            await Task.Delay(200);
        }
    }
}
