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
}
