using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

public sealed class RestoreTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task State_is_restored_from_the_changelog_after_the_state_directory_is_deleted()
    {
        await using var scenario = new CountingScenario(kafka, output);
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(6_000);
        var options = scenario.Options();
        var first = await scenario.StartInstanceAsync(options, name: "first");
        await scenario.AssertExactCountsAsync();
        await first.StopAsync();

        Directory.Delete(options.StateDirectory, recursive: true);
        var changelog = scenario.ChangelogRecords();
        await scenario.ProduceAsync(3_000);
        var second = await scenario.StartInstanceAsync(scenario.Options(options.StateDirectory), name: "second");

        await scenario.AssertExactCountsAsync();
        Assert.All(second.GetStatus().Tasks, t => Assert.False(t.RestoredFromCheckpoint));

        // The whole changelog, plus the fence each task writes before restoring.
        Assert.Equal(changelog + scenario.Partitions, second.GetStatus().Tasks.Sum(t => t.RestoredRecords));
    }

    [Fact]
    public async Task A_clean_restart_replays_only_the_changelog_tail_after_its_checkpoint()
    {
        await using var scenario = new CountingScenario(kafka, output);
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(6_000);
        var options = scenario.Options();
        var first = await scenario.StartInstanceAsync(options, name: "first");
        await scenario.AssertExactCountsAsync();
        await first.StopAsync();

        await scenario.ProduceAsync(2_000);
        var second = await scenario.StartInstanceAsync(scenario.Options(options.StateDirectory), name: "second");

        await scenario.AssertExactCountsAsync();
        var tasks = second.GetStatus().Tasks;
        Assert.Equal(scenario.Partitions, tasks.Count);
        Assert.All(tasks, t => Assert.True(t.RestoredFromCheckpoint));

        // Each task reads its own new fence and nothing else.
        Assert.All(tasks, t => Assert.Equal(1, t.RestoredRecords));
    }
}
