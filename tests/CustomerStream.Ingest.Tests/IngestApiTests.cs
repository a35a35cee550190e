using System.Net;
using System.Text;
using System.Text.Json;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Http;
using Microsoft.Extensions.Options;

namespace CustomerStream.Ingest.Tests;

public sealed class IngestApiTests
{
    private const string GoodOrder = """{"source_system":"shop","order_id":"o-1","source_customer_id":"u-77","order_ts":"2024-03-05T14:30:00Z","status":"approved","amount":129.9,"currency":"EUR","quantity":2}""";
    private const string GuestOrder = """{"source_system":"shop","order_id":"o-2","customer_email":" Guest@Example.com","order_ts":"2024-03-06T10:00:00+01:00","status":"pending","amount":"10.00","currency":"eur"}""";
    private const string NanOrder = """{"source_system":"shop","order_id":"o-3","source_customer_id":"u-1","order_ts":"2024-03-05T14:30:00Z","status":"approved","amount":"NaN","currency":"EUR"}""";

    [Fact]
    public async Task A_batch_that_is_all_good_is_answered_202_with_counts_and_published()
    {
        using var cluster = new IngestCluster();
        await using var server = await IngestApiServer.StartAsync(cluster);

        var response = await server.PostAsync("/v1/orders", $"[{GoodOrder},{GuestOrder}]", requestId: "req-1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal(0, body.RootElement.GetProperty("rejected").GetInt32());
        Assert.Equal("req-1", body.RootElement.GetProperty("request_id").GetString());
        Assert.False(body.RootElement.TryGetProperty("errors", out _));
        var orders = cluster.ReadAll<OrderRecord>(Topics.IngestOrders).OrderBy(o => o.Key).ToList();
        Assert.Equal(["shop:o-1", "shop:o-2"], orders.Select(o => o.Key));
        Assert.Equal(["http:req-1#0", "http:req-1#1"], orders.Select(o => o.Value.SourceRef));
        Assert.Equal(129.9m, orders[0].Value.Amount);
        Assert.Equal("guest@example.com", orders[1].Value.CustomerEmail);
        Assert.All(orders, o => Assert.NotNull(o.TraceParent));
    }

    [Fact]
    public async Task A_batch_with_bad_records_is_answered_400_with_reasons_and_its_good_records_are_published()
    {
        using var cluster = new IngestCluster();
        await using var server = await IngestApiServer.StartAsync(cluster);

        var response = await server.PostAsync("/v1/orders", $"[{GoodOrder},{NanOrder},42,{GuestOrder}]", requestId: "req-2");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal(2, body.RootElement.GetProperty("rejected").GetInt32());
        var errors = body.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("reason_code").GetString(), e.GetProperty("reason").GetString()))
            .ToList();
        Assert.Equal([(1, ReasonCodes.BadAmount), (2, ReasonCodes.NotAnObject)], errors.Select(e => (e.Item1, e.Item2)));
        Assert.Contains("'amount'", errors[0].Item3);
        Assert.Equal(["shop:o-1", "shop:o-2"], cluster.ReadAll<OrderRecord>(Topics.IngestOrders).Select(o => o.Key).Order());
        var rejected = cluster.ReadAll<RejectedRecord>(Topics.IngestRejected).OrderBy(r => r.Key).ToList();
        Assert.Equal(["http:req-2#1", "http:req-2#2"], rejected.Select(r => r.Key));
        Assert.Equal(NanOrder, rejected[0].Value.Raw);
        Assert.Equal("42", rejected[1].Value.Raw);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key-0123456789abcdef")]
    [InlineData("test-key-0123456789abcde")]
    public async Task Without_a_valid_api_key_the_answer_is_401_and_nothing_is_published(string? key)
    {
        using var cluster = new IngestCluster();
        await using var server = await IngestApiServer.StartAsync(cluster);

        var response = await server.PostAsync("/v1/customers", "[]", key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Api-Key", await response.Content.ReadAsStringAsync());
        Assert.Empty(cluster.ReadAll<RejectedRecord>(Topics.IngestRejected));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_answered_413_whether_its_length_is_announced_or_streamed()
    {
        using var cluster = new IngestCluster();
        await using var server = await IngestApiServer.StartAsync(cluster, new Dictionary<string, string?>
        {
            ["Ingest:Api:ApiKeys:0"] = IngestApiServer.Key,
            ["Ingest:Api:MaxBodyBytes"] = "4096",
        });
        var big = "[" + string.Join(",", Enumerable.Repeat(GoodOrder, 40)) + "]";

        var announced = await server.PostAsync("/v1/orders", big);
        var streamed = new HttpRequestMessage(HttpMethod.Post, "/v1/orders") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))) };
        streamed.Headers.TransferEncodingChunked = true;
        streamed.Headers.Add(IngestApiOptions.ApiKeyHeader, IngestApiServer.Key);
        var chunked = await server.Client.SendAsync(streamed);
        var small = await server.PostAsync("/v1/orders", $"[{GoodOrder}]");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, announced.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, small.StatusCode);
        Assert.Single(cluster.ReadAll<OrderRecord>(Topics.IngestOrders));
    }

    [Theory]
    [InlineData("[{\"event_id\":\"e-1\",", ReasonCodes.MalformedJson)]
    [InlineData("{\"event_id\":\"e-1\"}", ReasonCodes.MalformedJson)]
    [InlineData("", ReasonCodes.MalformedJson)]
    public async Task A_body_that_is_not_a_json_array_is_one_rejection_of_the_request(string body, string reason)
    {
        using var cluster = new IngestCluster();
        await using var server = await IngestApiServer.StartAsync(cluster);

        var response = await server.PostAsync("/v1/web-events", body, requestId: "req-3");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, json.RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("rejected").GetInt32());
        var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("index").ValueKind);
        Assert.Equal(reason, error.GetProperty("reason_code").GetString());
        var rejected = Assert.Single(cluster.ReadAll<RejectedRecord>(Topics.IngestRejected));
        Assert.Equal("http:req-3", rejected.Value.InputRef);
        Assert.Equal("web-events", rejected.Value.Entity);
    }

    [Fact]
    public async Task The_source_query_names_the_source_of_records_that_name_none()
    {
        using var cluster = new IngestCluster();
        await using var server = await IngestApiServer.StartAsync(cluster);

        var response = await server.PostAsync("/v1/customers?source=crm",
            """[{"source_customer_id":"123","email":"Ann@Example.com","created_at":"01/10/2023","status":"ACTIVE","is_test":false}]""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var customer = Assert.Single(cluster.ReadAll<CustomerRecord>(Topics.IngestCustomers));
        Assert.Equal("crm:123", customer.Key);
        Assert.Equal(new DateTime(2023, 1, 10, 5, 0, 0, DateTimeKind.Utc), customer.Value.CreatedAt);
        Assert.True(response.Headers.TryGetValues(IngestApiOptions.RequestIdHeader, out var ids));
        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(ids));
    }

    [Fact]
    public async Task The_api_refuses_to_start_without_a_configured_key()
    {
        using var cluster = new IngestCluster();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => IngestApiServer.StartAsync(cluster, new Dictionary<string, string?>()));

        Assert.Contains("at least one API key", e.Message);
    }
}
