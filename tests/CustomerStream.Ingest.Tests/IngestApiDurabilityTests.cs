using System.Net;
using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Kafka.Embedded;

namespace CustomerStream.Ingest.Tests;

/// <summary>
/// The ingest API answers 202 only for records Kafka acknowledged: when the cluster fails while a request is handled
/// (acknowledgements that do not come back in time, every broker down, produce requests refused), the answer is 503,
/// and the same batch sent again once the cluster is back is answered 202 with every record on the topic (records
/// of the failed attempt that did reach a broker are there twice; the pipeline drops the copy by its record hash).
/// </summary>
public sealed class IngestApiDurabilityTests
{
    private const int Brokers = 3;

    [Fact]
    public async Task Records_whose_acknowledgement_does_not_come_back_in_time_are_answered_503_and_the_resent_batch_202()
    {
        using var cluster = new IngestCluster(new IngestOptions { DeliveryTimeoutMs = 2_000, Sources = IngestCluster.ProfilesConfig() });
        await using var server = await IngestApiServer.StartAsync(cluster);
        Assert.Equal(HttpStatusCode.Accepted, (await server.PostAsync("/v1/orders", Orders("warm", 10))).StatusCode);

        // The brokers take the records, but their answers take longer than the producer may wait.
        ForEachBroker(b => cluster.Faults.SetBrokerRoundTripTime(b, TimeSpan.FromSeconds(4)));
        var late = await server.PostAsync("/v1/orders", Orders("late-ack", 100));
        ForEachBroker(b => cluster.Faults.SetBrokerRoundTripTime(b, TimeSpan.Zero));
        var resent = await server.PostAsync("/v1/orders", Orders("late-ack", 100));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, late.StatusCode);
        Assert.Contains("could not be stored", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        var keys = cluster.ReadAll<OrderRecord>(Topics.IngestOrders).Select(o => o.Key).ToHashSet();
        Assert.All(Enumerable.Range(0, 100), i => Assert.Contains($"shop:late-ack-{i}", keys));
    }

    [Fact]
    public async Task A_request_while_every_broker_is_down_is_answered_503_and_the_resent_batch_202_once_they_are_back()
    {
        using var cluster = new IngestCluster(new IngestOptions { DeliveryTimeoutMs = 2_000, Sources = IngestCluster.ProfilesConfig() });
        await using var server = await IngestApiServer.StartAsync(cluster);
        Assert.Equal(HttpStatusCode.Accepted, (await server.PostAsync("/v1/orders", Orders("warm", 10))).StatusCode);

        ForEachBroker(cluster.Faults.SetBrokerDown);
        var down = await server.PostAsync("/v1/orders", Orders("down", 100));
        ForEachBroker(cluster.Faults.SetBrokerUp);
        var resent = await server.PostAsync("/v1/orders", Orders("down", 100));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        var keys = cluster.ReadAll<OrderRecord>(Topics.IngestOrders).Select(o => o.Key).ToHashSet();
        Assert.All(Enumerable.Range(0, 100), i => Assert.Contains($"shop:down-{i}", keys));
    }

    [Fact]
    public async Task A_request_whose_produce_requests_the_brokers_refuse_is_answered_503_and_the_producer_goes_on()
    {
        using var cluster = new IngestCluster(new IngestOptions { DeliveryTimeoutMs = 2_000, Sources = IngestCluster.ProfilesConfig() });
        await using var server = await IngestApiServer.StartAsync(cluster);
        Assert.Equal(HttpStatusCode.Accepted, (await server.PostAsync("/v1/orders", Orders("warm", 10))).StatusCode);

        cluster.Faults.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.InvalidRecord, ErrorCode.InvalidRecord, ErrorCode.InvalidRecord);
        var refused = await server.PostAsync("/v1/orders", Orders("refused", 100));
        var resent = await server.PostAsync("/v1/orders", Orders("refused", 100));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        var keys = cluster.ReadAll<OrderRecord>(Topics.IngestOrders).Select(o => o.Key).ToHashSet();
        Assert.All(Enumerable.Range(0, 100), i => Assert.Contains($"shop:refused-{i}", keys));
    }

    private static string Orders(string prefix, int count) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(i =>
            $$"""{"source_system":"shop","order_id":"{{prefix}}-{{i}}","source_customer_id":"u-{{i}}","order_ts":"2024-03-05T14:30:00Z","status":"approved","amount":12.5,"currency":"EUR"}""")) + "]";

    private static void ForEachBroker(Action<int> action)
    {
        for (var broker = 1; broker <= Brokers; broker++)
        {
            action(broker);
        }
    }
}
