using Confluent.Kafka;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

/// <summary>
/// Faults hit the whole cluster, so each test gets a cluster of its own. Every core is kept busy meanwhile
/// (<see cref="CpuStress"/>): a broker going away under load is routine, and must never end an application.
/// </summary>
public sealed class BrokerFaultTests(ITestOutputHelper output) : IDisposable
{
    private readonly EmbeddedKafkaFixture _kafka = new();

    [Fact]
    public async Task Counts_stay_exact_when_a_broker_goes_down_and_comes_back_mid_run()
    {
        using var stress = CpuStress.Start();
        await using var scenario = new CountingScenario(_kafka, output);
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(4_000);
        var instance = await scenario.StartInstanceAsync();
        await scenario.WaitUntilCountedAsync(500);

        _kafka.Cluster.SetBrokerDown(2);
        await Task.Delay(TimeSpan.FromSeconds(3));
        _kafka.Cluster.SetBrokerUp(2);
        await scenario.ProduceAsync(2_000);
        _kafka.Cluster.SetBrokerDown(3);
        await Task.Delay(TimeSpan.FromSeconds(2));
        _kafka.Cluster.SetBrokerUp(3);
        await scenario.ProduceAsync(2_000);

        await scenario.AssertExactCountsAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(StreamApplicationState.Running, instance.State);
    }

    [Fact]
    public async Task Counts_stay_exact_when_every_broker_goes_down_for_a_while_and_the_errors_are_counted()
    {
        using var stress = CpuStress.Start();
        await using var scenario = new CountingScenario(_kafka, output);
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(3_000);
        var instance = await scenario.StartInstanceAsync();
        await scenario.WaitUntilCountedAsync(500);

        for (var broker = 1; broker <= _kafka.Cluster.BrokerCount; broker++)
        {
            _kafka.Cluster.SetBrokerDown(broker);
        }

        await Task.Delay(TimeSpan.FromSeconds(4));
        for (var broker = 1; broker <= _kafka.Cluster.BrokerCount; broker++)
        {
            _kafka.Cluster.SetBrokerUp(broker);
        }

        await scenario.ProduceAsync(2_000);
        await scenario.AssertExactCountsAsync(TimeSpan.FromSeconds(120));
        Assert.Equal(StreamApplicationState.Running, instance.State);
        Assert.True(instance.GetStatus().Figures.ClientErrors > 0, "the outage was seen and counted");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Counts_stay_exact_when_produce_requests_fail_mid_run(bool processorCachesAcrossBatches)
    {
        // With a cache, a reused processor would remember the abandoned batch: the runtime must replace it.
        using var stress = CpuStress.Start();
        await using var scenario = new CountingScenario(_kafka, output) { CacheAcrossBatches = processorCachesAcrossBatches };
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(4_000);

        // The gate holds the processor, so that the injected errors meet the application's produce requests
        // and not the test's own.
        using var gate = new ManualResetEventSlim(initialState: true);
        var instance = await scenario.StartInstanceAsync(onRecord: _ => gate.Wait(TimeSpan.FromSeconds(30)));
        await scenario.WaitUntilCountedAsync(4_000);

        // Errors the producer retries by itself.
        gate.Reset();
        await scenario.ProduceAsync(2_000);
        _kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce,
            ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas,
            ErrorCode.NotEnoughReplicasAfterAppend, ErrorCode.LeaderNotAvailable);
        gate.Set();
        await scenario.WaitUntilCountedAsync(6_000);

        // Errors it does not retry: deliveries fail, and their batch is abandoned and processed again.
        gate.Reset();
        await scenario.ProduceAsync(2_000);
        _kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.InvalidRecord, ErrorCode.InvalidRecord);
        gate.Set();

        await scenario.AssertExactCountsAsync(TimeSpan.FromSeconds(90));
        Assert.True(instance.GetStatus().AbandonedBatches > 0, "a batch with a failed write was abandoned");
    }

    public void Dispose() => _kafka.Dispose();
}
