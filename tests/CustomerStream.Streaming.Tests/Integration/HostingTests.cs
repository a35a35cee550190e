using CustomerStream.Streaming.Hosting;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

public sealed class HostingTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Host_shutdown_stops_the_application_gracefully_and_a_restart_resumes_from_its_checkpoints()
    {
        await using var scenario = new CountingScenario(kafka, output);
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(3_000);
        var options = scenario.Options();
        var application = scenario.CreateInstance(options);
        var health = new StreamApplicationHealthCheck(application);
        using var service = new StreamApplicationHostedService(application);

        await service.StartAsync(CancellationToken.None);
        await scenario.AssertExactCountsAsync();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);

        await service.StopAsync(CancellationToken.None);
        Assert.Equal(StreamApplicationState.Stopped, application.State);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);

        await scenario.ProduceAsync(1_000);
        var restarted = await scenario.StartInstanceAsync(scenario.Options(options.StateDirectory));
        await scenario.AssertExactCountsAsync();
        Assert.All(restarted.GetStatus().Tasks, t => Assert.True(t.RestoredFromCheckpoint));
    }

    [Fact]
    public async Task An_application_whose_input_topic_never_appears_fails_its_host_with_a_clear_error()
    {
        await using var scenario = new CountingScenario(kafka, output);
        var options = scenario.Options();
        options.StartupTimeout = TimeSpan.FromSeconds(1);
        var application = scenario.CreateInstance(options);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => application.RunAsync(CancellationToken.None));

        Assert.Contains(scenario.Input, error.Message);
        Assert.Equal(StreamApplicationState.Failed, application.State);
    }
}
