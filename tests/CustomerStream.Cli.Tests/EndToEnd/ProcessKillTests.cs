using CustomerStream.Cli.Stack;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Customer;
using CustomerStream.Ingest.Generation;
using CustomerStream.Kafka.Inspection;
using CustomerStream.ServiceDefaults;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// The pipeline as separate OS processes (`up --infra-only`, then `run identity|aggregator|projection`), each killed
/// with SIGKILL at random moments while the sample is ingested — the projection once right between its database
/// commit and its offset commit — and started again: the settled marts equal the ground truth, and no customer's
/// profile events go back in version.
/// </summary>
public sealed class ProcessKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Services = ["identity", "aggregator", "projection"];
    private readonly PostgresDatabaseFixture _database = new();
    private readonly TemporaryDirectory _home = new("cs-process-kill-");

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _database.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Services_killed_at_random_moments_and_restarted_leave_the_marts_equal_to_the_ground_truth()
    {
        var environment = new Dictionary<string, string?> { ["CS_POSTGRES"] = _database.ConnectionString };
        var input = Path.Combine(_home.Path, "input");
        var sample = await new SampleGenerator().GenerateAsync(new GeneratorOptions { Customers = 300, Months = 6, Seed = 47 }, input);
        var truth = await GroundTruth.LoadAsync(sample.GroundTruthPath);
        var random = new Random(47);

        using var up = CliProcess.Start(_home.Path, environment, "up", "--infra-only");
        var running = new Dictionary<string, CliProcess>();
        try
        {
            await up.UntilAsync(() => up.Output.Contains("Press Ctrl-C to stop."), TimeSpan.FromSeconds(90));
            var endpoints = (await StackEndpoints.ReadAsync(StackEndpoints.PathUnder(_home.Path), CancellationToken.None))!;
            foreach (var service in Services)
            {
                // The first projection exits by itself right after its third batch's database commit, before the offset commit.
                running[service] = await StartAsync(service, service == "projection"
                    ? new Dictionary<string, string?>(environment) { ["Projection__ExitAfterDatabaseCommitOfBatch"] = "3" }
                    : environment);
            }

            var ingest = Task.Run(async () =>
            {
                foreach (var file in sample.Files)
                {
                    using var process = CliProcess.Start(_home.Path, environment, "ingest", file.Entity, Path.Combine(input, file.Name));
                    var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(4));
                    Assert.True(exitCode == 0, $"ingest {file.Name} exited with {exitCode}: {string.Join('\n', process.Output.Concat(process.Error))}");
                }
            });

            // Each service in turn, then at random, every 1.5-4 s while the sample goes in (and after, until each was
            // killed twice); the projection only once its injected exit between the two commits has happened.
            var kills = new List<string>();
            var injected = false;
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while ((!ingest.IsCompleted || !Services.All(s => kills.Count(k => k == s) >= 2) || !injected) && kills.Count < 12)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the kill loop did not finish: {string.Join(", ", kills)}");
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1_500, 4_000)));
                if (ingest.IsFaulted)
                {
                    await ingest;
                }

                if (!injected && running["projection"].HasExited)
                {
                    var projection = running["projection"];
                    Assert.Contains(projection.Error.Concat(projection.Output), l => l.Contains("between its database commit and its offset commit", StringComparison.Ordinal));
                    injected = true;
                    kills.Add("projection (exit between its commits)");
                    projection.Dispose();
                    running["projection"] = await StartAsync("projection", environment);
                    continue;
                }

                var candidates = injected ? Services : Services.Where(s => s != "projection").ToArray();
                var victim = candidates.FirstOrDefault(s => !kills.Contains(s))
                    ?? candidates.FirstOrDefault(s => kills.Count(k => k == s) < 2 && random.Next(2) == 0)
                    ?? candidates[random.Next(candidates.Length)];
                running[victim].Kill();
                Assert.NotEqual(0, await running[victim].WaitForExitAsync(TimeSpan.FromSeconds(30)));
                running[victim].Dispose();
                kills.Add(victim);
                running[victim] = await StartAsync(victim, environment);
            }

            await ingest;
            output.WriteLine($"killed: {string.Join(", ", kills)}");
            Assert.True(injected, "the projection exited between its database commit and its offset commit");

            using (var settling = new PipelineSettling(endpoints.KafkaBootstrap, ProductCatalog.Stages))
            {
                await settling.WaitAsync(TimeSpan.FromMinutes(4), _ => { }, CancellationToken.None);
            }

            await MartAssertions.MatchGroundTruthAsync(_database.ConnectionString, truth);
            AssertNoVersionRegression(endpoints.KafkaBootstrap, endpoints.SchemaRegistryUrl!);
            Assert.All(running.Values, p => Assert.False(p.HasExited, "a restarted service stopped by itself"));
        }
        finally
        {
            foreach (var process in running.Values)
            {
                process.Terminate();
                await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
                process.Dispose();
            }

            up.Terminate();
            await up.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }
    }

    private async Task<CliProcess> StartAsync(string service, IReadOnlyDictionary<string, string?> environment)
    {
        var process = CliProcess.Start(_home.Path, environment, "run", service);
        await process.UntilAsync(() => process.Output.Any(l => l.StartsWith($"customerstream {service} is running", StringComparison.Ordinal)), TimeSpan.FromSeconds(90));
        return process;
    }

    /// <summary>Per customer, the versions of <c>customer.profile-changed.v1</c> in log order never go down.</summary>
    private void AssertNoVersionRegression(string bootstrapServers, string registryUrl)
    {
        using var registry = new Confluent.SchemaRegistry.CachedSchemaRegistryClient(new Confluent.SchemaRegistry.SchemaRegistryConfig { Url = registryUrl });
        var profiles = new SchemaRegistry.Serdes.AvroDeserializer<CustomerProfileChanged>(registry);
        using var consumer = new Confluent.Kafka.ConsumerBuilder<string, byte[]>(new Confluent.Kafka.ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = Unique.Name("versions"),
            EnableAutoCommit = false,
        }).Build();
        var metadata = consumer.Handle;
        using var admin = new Confluent.Kafka.DependentAdminClientBuilder(metadata).Build();
        var partitions = admin.GetMetadata(Topics.CustomerProfileChanged, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new Confluent.Kafka.TopicPartition(Topics.CustomerProfileChanged, p.PartitionId)).ToList();
        var ends = partitions.ToDictionary(tp => tp, tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(tp => new Confluent.Kafka.TopicPartitionOffset(tp, Confluent.Kafka.Offset.Beginning)));
        var last = new Dictionary<string, long>(StringComparer.Ordinal);
        var read = 0L;
        var regressions = new List<string>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (read < ends.Values.Sum() && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { IsPartitionEOF: false } record)
            {
                continue;
            }

            read++;
            var version = profiles.Deserialize(record.Message.Value, record.Topic).Version;
            if (last.TryGetValue(record.Message.Key, out var previous) && version < previous)
            {
                regressions.Add($"{record.Message.Key}: {previous} then {version} at {record.TopicPartitionOffset}");
            }

            last[record.Message.Key] = Math.Max(previous, version);
        }

        output.WriteLine($"{read:N0} profile events of {last.Count:N0} customers read");
        Assert.Equal(ends.Values.Sum(), read);
        Assert.Empty(regressions);
    }
}
