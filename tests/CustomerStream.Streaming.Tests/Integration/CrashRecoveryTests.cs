using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

public sealed class CrashRecoveryTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>
{
    [Theory]
    [InlineData(CrashPoint.AfterProcessing)]
    [InlineData(CrashPoint.AfterChangelogWrites)]
    [InlineData(CrashPoint.AfterCommitMarkers)]
    public async Task A_crash_at_any_step_of_a_batch_neither_loses_nor_double_counts(CrashPoint point)
    {
        await using var scenario = new CountingScenario(kafka, output);
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(4_000);
        var options = scenario.Options();
        var first = await scenario.StartInstanceAsync(options, name: "first");
        await scenario.WaitUntilCountedAsync(1_000);

        // Armed first, so that the crash hits one of the batches of the records that follow.
        var crash = first.SimulateCrashAsync(point);
        await scenario.ProduceAsync(2_000);
        await crash;
        Assert.Equal(StreamApplicationState.Crashed, first.State);

        // Same state directory: the crash left no checkpoint, so the new instance rebuilds from the changelog.
        await scenario.ProduceAsync(2_000);
        await scenario.StartInstanceAsync(scenario.Options(options.StateDirectory), name: "second");

        await scenario.AssertExactCountsAsync();
    }

    [Fact]
    public async Task After_a_crash_a_task_replays_only_the_changelog_written_since_its_last_periodic_checkpoint()
    {
        await using var scenario = new CountingScenario(kafka, output);
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(6_000);
        var options = scenario.Options();
        var first = await scenario.StartInstanceAsync(options, name: "first");
        await scenario.AssertExactCountsAsync();
        await Task.Delay(options.CheckpointInterval * 5);

        var crash = first.SimulateCrashAsync(CrashPoint.AfterChangelogWrites);
        await scenario.ProduceAsync(2_000);
        await crash;
        var changelog = scenario.ChangelogRecords();

        var second = await scenario.StartInstanceAsync(scenario.Options(options.StateDirectory), name: "second");
        await scenario.AssertExactCountsAsync();
        var tasks = second.GetStatus().Tasks;
        Assert.All(tasks, t => Assert.True(t.RestoredFromCheckpoint));
        Assert.True(tasks.Sum(t => t.RestoredRecords) < changelog / 2, "the restore replayed only a tail of the changelog");
    }
}
