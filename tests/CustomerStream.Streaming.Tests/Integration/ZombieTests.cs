using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

public sealed class ZombieTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task An_instance_that_stalls_past_its_poll_interval_and_then_writes_its_batch_changes_nothing_twice()
    {
        await using var scenario = new CountingScenario(kafka, output);
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(2_000);
        var stall = 0;
        using var stalled = new ManualResetEventSlim();
        var optionsA = scenario.Options();
        optionsA.MaxPollInterval = TimeSpan.FromSeconds(4);
        var a = await scenario.StartInstanceAsync(optionsA, onRecord: record =>
        {
            // Once, mid-batch: stall long enough for the group to give the task to the other instance.
            if (Volatile.Read(ref stall) == 1 && Interlocked.Exchange(ref stall, 2) == 1)
            {
                stalled.Set();
                Thread.Sleep(TimeSpan.FromSeconds(9));
            }
        }, name: "a");
        var b = await scenario.StartInstanceAsync(name: "b");
        await WaitUntilAsync(() => a.GetStatus().Tasks.Count > 0 && b.GetStatus().Tasks.Count > 0);
        await scenario.WaitUntilCountedAsync(2_000);

        Volatile.Write(ref stall, 1);
        await scenario.ProduceAsync(3_000);
        Assert.True(stalled.Wait(TimeSpan.FromSeconds(30)), "instance a never stalled");
        await scenario.ProduceAsync(2_000);

        await scenario.AssertExactCountsAsync(TimeSpan.FromSeconds(90));
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
