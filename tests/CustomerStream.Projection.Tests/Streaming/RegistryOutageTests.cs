using Confluent.SchemaRegistry;
using CustomerStream.Projection.Service;
using CustomerStream.Projection.Tests.Model;
using CustomerStream.Testing;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Projection.Tests.Streaming;

/// <summary>
/// A Schema Registry that cannot be reached is not a bad record: the projection waits it out record by record,
/// skips nothing and commits nothing past what it applied, then lands everything once the registry answers.
/// </summary>
public sealed class RegistryOutageTests(StreamingFixture streaming) : IClassFixture<StreamingFixture>
{
    [Fact]
    public async Task A_registry_outage_is_waited_out_and_no_record_is_skipped()
    {
        await using var db = new MartDatabase();
        await db.InitializeAsync();
        var topics = new KafkaProjection(streaming, db);
        await topics.CreateTopicsAsync();
        var population = Population.Generate(customers: 40, seed: 81);
        var stream = ChangeStream.From(population, seed: 82);
        topics.Produce(stream.Records);

        // The projection's own client, with nothing cached, reaches the registry through a proxy that is cut.
        var registry = new Uri(streaming.Registry.Url);
        await using var proxy = TcpProxy.Start(registry.Host, registry.Port);
        proxy.Cut();
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = $"http://127.0.0.1:{proxy.Port}", MaxRetries = 1, RequestTimeoutMs = 5_000 });
        var log = new ListLogger<AvroRecordDecoder>();
        var decoder = new AvroRecordDecoder(client, topics.Topics, log);
        using var metrics = new ProjectionMetrics();
        var group = Unique.Name("projection");
        var service = topics.CreateService(group, metrics, decoder: decoder);
        await service.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(() => Waits(log) >= 3, "three retries of the registry");
            Assert.Equal(0, metrics.RecordsConsumed);
            Assert.Equal(0, decoder.Undecodable);
            Assert.Equal(0, topics.Committed(group));
            Assert.Contains("Schema Registry unavailable while decoding", log.Entries.First(e => e.Level == LogLevel.Warning).Message);

            proxy.Restore();
            await WaitUntilAsync(() => metrics.RecordsConsumed >= stream.Records.Count, "everything consumed once the registry answered");
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Equal(0, decoder.Undecodable);
        Assert.DoesNotContain(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(stream.Records.Count, topics.Committed(group));
        await RowAssert.SameRowsAsync(db, new ExpectedMarts(population, MartDatabase.AsOf).Ltv(),
            "SELECT customer_id, lifetime_value, total_transactions, customer_age_days, avg_spend_per_day, tier FROM mart.metric_customer_ltv");
    }

    private static int Waits(ListLogger<AvroRecordDecoder> log) =>
        log.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.StartsWith("Schema Registry unavailable", StringComparison.Ordinal));

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
