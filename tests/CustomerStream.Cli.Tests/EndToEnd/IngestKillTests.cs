using CustomerStream.Cli.Stack;
using CustomerStream.Contracts;
using CustomerStream.Generation;
using CustomerStream.Kafka.Inspection;
using CustomerStream.ServiceDefaults;
using Xunit.Abstractions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// A file ingest killed midway (SIGKILL of the `ingest` process) and run again leaves the marts exactly as the
/// ground truth says: what the killed run sent comes again, and the pipeline de-duplicates it by source record.
/// </summary>
public sealed class IngestKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string KillVictim = "orders_shop.csv";
    private readonly CliHome _home = new("cs-ingest-kill-");

    public Task InitializeAsync() => _home.InitializeAsync();

    public Task DisposeAsync() => _home.DisposeAsync();

    [Fact]
    public async Task A_file_ingest_killed_midway_and_run_again_leaves_the_marts_equal_to_the_ground_truth()
    {
        var environment = UpProcess.Environment(_home.ConnectionString);
        var input = Path.Combine(_home.Path, "input");
        var sample = await new SampleGenerator().GenerateAsync(new GeneratorOptions { Customers = 400, Months = 6, Seed = 41 }, input);
        var truth = await GroundTruth.LoadAsync(sample.GroundTruthPath);
        var victim = sample.Files.Single(f => f.Name == KillVictim);
        // The file goes first on its topic; the others follow in any order (the result does not depend on it).
        var files = sample.Files.OrderBy(f => f.Name == KillVictim ? 0 : 1).ToList();

        using var up = CliProcess.Start(_home.Path, environment, "up");
        try
        {
            await UpProcess.WaitUntilRunningAsync(up);
            var endpoints = await StackEndpoints.ReadAsync(StackEndpoints.PathUnder(_home.Path), CancellationToken.None);
            using var positions = ConsumerPositionReader.Connect(endpoints!.KafkaBootstrap);

            // The run to kill waits for a group that never reads, once about half the file is sent, so that the kill
            // comes midway whatever the machine's speed.
            var held = new Dictionary<string, string?>(environment)
            {
                ["Ingest__Pacing__ConsumerGroups__0"] = "held-back",
                ["Ingest__Pacing__MaxLeadPerPartition"] = Math.Max(10, victim.Records / 12).ToString(),
                ["Ingest__Pacing__StallTimeout"] = "00:10:00",
            };
            using (var killed = CliProcess.Start(_home.Path, held, "ingest", victim.Entity, Path.Combine(input, victim.Name)))
            {
                await UpProcess.UntilAsync(() => killed.Output.Any(l => l.Contains("waiting for the pipeline", StringComparison.Ordinal)), killed, TimeSpan.FromMinutes(2));
                killed.Kill();
                Assert.NotEqual(0, await killed.WaitForExitAsync(TimeSpan.FromSeconds(30)));
                Assert.DoesNotContain(killed.Output, l => l.StartsWith($"{victim.Name} → ", StringComparison.Ordinal));
            }

            var sent = (await positions.ReadAsync([Topics.IngestOrders], [], CancellationToken.None)).Sum(p => p.LogEnd);
            output.WriteLine($"killed after {sent:N0} of {victim.Records:N0} rows of {victim.Name} were on {Topics.IngestOrders}");
            Assert.InRange(sent, 1, victim.Records - 1);

            foreach (var file in files)
            {
                using var ingest = CliProcess.Start(_home.Path, environment, "ingest", file.Entity, Path.Combine(input, file.Name));
                var exitCode = await ingest.WaitForExitAsync(TimeSpan.FromMinutes(3));
                Assert.True(exitCode == 0, $"ingest {file.Name} exited with {exitCode}: {string.Join('\n', ingest.Output.Concat(ingest.Error))}");
            }

            using (var settling = new PipelineSettling(endpoints.KafkaBootstrap, ProductCatalog.Stages))
            {
                await settling.WaitAsync(TimeSpan.FromMinutes(4), _ => { }, CancellationToken.None);
            }

            await MartAssertions.MatchGroundTruthAsync(_home.ConnectionString, truth);
            Assert.Empty(await positions.FindRetentionLossesAsync(
                ProductCatalog.Stages.Select(s => new ConsumerGroupTopics(s.GroupId, s.Topics)), CancellationToken.None));

            up.Terminate();
            Assert.Equal(0, await up.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            foreach (var line in up.Output.Concat(up.Error))
            {
                output.WriteLine(line);
            }
        }
    }
}
