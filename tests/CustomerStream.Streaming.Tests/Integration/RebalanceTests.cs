using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

public sealed class RebalanceTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Tasks_and_their_state_move_between_two_instances_and_counts_stay_exact()
    {
        await using var scenario = new CountingScenario(kafka, output);
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(3_000);
        var a = await scenario.StartInstanceAsync(name: "a");
        await scenario.WaitUntilCountedAsync(1_000);

        var b = await scenario.StartInstanceAsync(name: "b");
        await WaitUntilAsync(() => a.GetStatus().Tasks.Count > 0 && b.GetStatus().Tasks.Count > 0
                                   && a.GetStatus().Tasks.Count + b.GetStatus().Tasks.Count == scenario.Partitions);
        await scenario.ProduceAsync(3_000);
        await scenario.AssertExactCountsAsync();

        // A leaves: B takes every task and restores A's partitions from the changelog.
        await a.StopAsync();
        await WaitUntilAsync(() => b.GetStatus().Tasks.Count == scenario.Partitions);
        await scenario.ProduceAsync(3_000);
        await scenario.AssertExactCountsAsync();

        // And back: a new instance takes half of them over again, while records keep coming.
        var c = await scenario.StartInstanceAsync(name: "c");
        await scenario.ProduceAsync(3_000);
        await WaitUntilAsync(() => c.GetStatus().Tasks.Count > 0);
        await scenario.AssertExactCountsAsync();
        Assert.Equal(StreamApplicationState.Running, b.State);
    }

    [Fact]
    public async Task When_an_instance_crashes_the_survivor_takes_its_tasks_after_the_session_timeout()
    {
        await using var scenario = new CountingScenario(kafka, output);
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(3_000);
        var a = await scenario.StartInstanceAsync(name: "a");
        var b = await scenario.StartInstanceAsync(name: "b");
        await WaitUntilAsync(() => a.GetStatus().Tasks.Count > 0 && b.GetStatus().Tasks.Count > 0);
        await scenario.WaitUntilCountedAsync(3_000);

        var crash = a.SimulateCrashAsync(CrashPoint.AfterChangelogWrites);
        await scenario.ProduceAsync(3_000);
        await crash;
        await scenario.ProduceAsync(3_000);

        await WaitUntilAsync(() => b.GetStatus().Tasks.Count == scenario.Partitions);
        await scenario.AssertExactCountsAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 60 s");
            await Task.Delay(50);
        }
    }
}
