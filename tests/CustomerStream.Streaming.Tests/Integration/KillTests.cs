using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

public sealed class KillTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Killing_an_instance_while_its_processor_is_mid_batch_loses_nothing()
    {
        await using var scenario = new CountingScenario(kafka, output);
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(3_000);
        using var blocked = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var seen = 0;
        var first = await scenario.StartInstanceAsync(onRecord: _ =>
        {
            // Block somewhere in the middle of the input, inside a batch.
            if (Interlocked.Increment(ref seen) == 1_700)
            {
                blocked.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        }, name: "first");

        Assert.True(blocked.Wait(TimeSpan.FromSeconds(30)), "the processor never reached the blocking record");
        var crash = first.SimulateCrashAsync(CrashPoint.Immediately);
        release.Set();
        await crash;
        Assert.Equal(StreamApplicationState.Crashed, first.State);

        // A fresh machine: empty state directory.
        await scenario.ProduceAsync(1_000);
        await scenario.StartInstanceAsync(name: "second");

        await scenario.AssertExactCountsAsync();
    }

    [Fact]
    public async Task Repeated_crashes_of_successive_instances_keep_counts_exact()
    {
        await using var scenario = new CountingScenario(kafka, output);
        await scenario.CreateTopicsAsync();
        var options = scenario.Options();
        for (var round = 0; round < 3; round++)
        {
            var instance = await scenario.StartInstanceAsync(scenario.Options(options.StateDirectory), name: $"round{round}");
            var crash = instance.SimulateCrashAsync((CrashPoint)(round + 1));
            await scenario.ProduceAsync(2_000);
            await crash;
        }

        await scenario.StartInstanceAsync(scenario.Options(options.StateDirectory), name: "last");

        await scenario.AssertExactCountsAsync();
    }
}
