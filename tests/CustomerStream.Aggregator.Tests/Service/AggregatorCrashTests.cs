using CustomerStream.Aggregator.Hosting;
using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Streaming.Runtime;
using Xunit.Abstractions;

namespace CustomerStream.Aggregator.Tests.Service;

public sealed class AggregatorCrashTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>
{
    [Theory]
    [InlineData(CrashPoint.AfterChangelogWrites)]
    [InlineData(CrashPoint.Immediately)]
    public async Task Killing_the_service_mid_stream_and_restarting_it_changes_nothing(CrashPoint point)
    {
        var facts = IdentityFactWorkload.Generate(customers: 160, seed: 31);
        var expected = ReferenceModel.From(facts).Expected();
        var firstPart = facts.Count * 3 / 5;
        await using var scenario = new ServiceScenario(registry, output);
        scenario.Produce(facts.Take(firstPart));

        var first = (await scenario.StartServiceAsync("first")).Services.GetAggregatorApplication();
        await ServiceScenario.WaitForProcessedAsync(first, facts.Count * 2 / 5);
        // Armed while facts keep arriving, so that it hits a batch in the middle of the stream.
        var crash = first.SimulateCrashAsync(point);
        scenario.Produce(facts.Skip(firstPart));
        await crash;
        Assert.Equal(StreamApplicationState.Crashed, first.State);

        // Same state directory, same application id: the restarted instance resumes from what was committed.
        var second = (await scenario.StartServiceAsync("second")).Services.GetAggregatorApplication();
        await scenario.WaitForViewAsync(expected);

        Assert.Equal(StreamApplicationState.Running, second.State);
        Assert.Empty(scenario.View.ProfileVersionViolations);
        Assert.All(expected.Keys, id => Assert.True(scenario.View.Profiles.ContainsKey(id), id));
    }

    [Fact]
    public async Task A_restarted_instance_whose_clock_stepped_back_ten_years_still_supersedes_what_its_crashed_predecessor_published()
    {
        var facts = IdentityFactWorkload.Generate(customers: 120, seed: 37);
        var expected = ReferenceModel.From(facts).Expected();
        var firstPart = facts.Count * 3 / 5;
        await using var scenario = new ServiceScenario(registry, output);
        scenario.Produce(facts.Take(firstPart));

        // Outputs published, batch never committed: the replay must win with whatever clock the next instance has.
        var first = (await scenario.StartServiceAsync("ahead", new ShiftedClock(TimeSpan.FromDays(5 * 365))))
            .Services.GetAggregatorApplication();
        await ServiceScenario.WaitForProcessedAsync(first, facts.Count * 2 / 5);
        var crash = first.SimulateCrashAsync(CrashPoint.AfterChangelogWrites);
        scenario.Produce(facts.Skip(firstPart));
        await crash;
        Assert.Equal(StreamApplicationState.Crashed, first.State);

        var second = (await scenario.StartServiceAsync("behind", new ShiftedClock(TimeSpan.FromDays(-5 * 365))))
            .Services.GetAggregatorApplication();
        await scenario.WaitForViewAsync(expected);

        Assert.Equal(StreamApplicationState.Running, second.State);
        Assert.Empty(scenario.View.ProfileVersionViolations);
        Assert.All(expected.Keys, id => Assert.True(scenario.View.Profiles.ContainsKey(id), id));
    }

    /// <summary>The system clock, off by <paramref name="shift"/> (timers still run in real time).</summary>
    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
