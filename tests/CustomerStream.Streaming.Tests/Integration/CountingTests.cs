using CustomerStream.Streaming.State;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

public sealed class CountingTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>
{
    [Theory]
    [InlineData(StoreKind.RocksDb)]
    [InlineData(StoreKind.InMemory)]
    public async Task Counts_are_exact_after_normal_processing(StoreKind kind)
    {
        await using var scenario = new CountingScenario(kafka, output, storeKind: kind);
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(5_000);
        await scenario.StartInstanceAsync();
        await scenario.ProduceAsync(5_000);

        await scenario.AssertExactCountsAsync();
    }
}
