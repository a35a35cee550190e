using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Generation;
using CustomerStream.Testing;

namespace CustomerStream.Cli.Tests;

/// <summary><c>generate</c>, then <c>ingest</c> and <c>run ingest-api</c> as their own processes against a running stack.</summary>
public sealed class IngestCommandsTests(RunningStack stack) : IClassFixture<RunningStack>
{
    private const string ApiKey = "cli-test-key-0123456789";

    [Fact]
    public async Task A_generated_file_is_ingested_to_the_end_as_avro_with_every_bad_row_rejected_and_counted()
    {
        var sample = Path.Combine(stack.Home, "sample");
        var (generateExit, generate) = await Run("generate", "--customers", "80", "--months", "2", "--seed", "5", "--out", sample);
        Assert.Equal(0, generateExit);
        Assert.Contains(generate.Output, line => line.StartsWith($"Ground truth: {Path.Combine(sample, GroundTruth.FileName)}: ", StringComparison.Ordinal));
        var truth = await GroundTruth.LoadAsync(Path.Combine(sample, GroundTruth.FileName));
        var expected = truth.Files.Single(f => f.Name == "orders_shop.csv");
        Assert.True(expected.Rejected > 0);

        var (exitCode, ingest) = await Run("ingest", "orders", Path.Combine(sample, "orders_shop.csv"));

        Assert.Equal(0, exitCode);
        Assert.Contains(ingest.Output, line => line.StartsWith(
            $"orders_shop.csv → {Topics.IngestOrders}: {expected.Records:N0} records: {expected.Records - expected.Rejected:N0} accepted, {expected.Rejected:N0} rejected (",
            StringComparison.Ordinal));
        var orders = stack.ReadAll<OrderRecord>(Topics.IngestOrders);
        Assert.Equal(expected.Records - expected.Rejected, orders.Count);
        Assert.All(orders, o => Assert.Equal("shop", o.SourceSystem));
        var rejected = stack.ReadAll<RejectedRecord>(Topics.IngestRejected).Where(r => r.InputRef.StartsWith("orders_shop.csv:", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            truth.Rejected.Where(r => r.InputRef.StartsWith("orders_shop.csv:", StringComparison.Ordinal)).Select(r => (r.InputRef, r.ReasonCode)).Order(),
            rejected.Select(r => (r.InputRef, r.ReasonCode)).Order());
    }

    [Fact]
    public async Task Run_ingest_api_serves_the_http_api_until_sigterm()
    {
        var port = FreePort();
        var environment = new Dictionary<string, string?>(stack.Environment)
        {
            ["Ingest__Api__ApiKeys__0"] = ApiKey,
            ["Ingest__Api__Url"] = $"http://127.0.0.1:{port}",
        };
        using var api = CliProcess.Start(stack.Home, environment, "run", "ingest-api");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!api.Output.Any(l => l.StartsWith($"customerstream ingest-api is running: health at http://127.0.0.1:{port}/health/ready", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline && !api.HasExited, string.Join('\n', api.Output.Concat(api.Error)));
            await Task.Delay(100);
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/customers?source=crm")
        {
            Content = new StringContent(
                """[{"source_customer_id":"77","email":"ann@example.com","created_at":"2025-01-02T03:04:05Z","status":"active"},{"source_customer_id":"78","created_at":"soon","status":"active"}]""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", ApiKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("rejected").GetInt32());
        Assert.Equal("ann@example.com", Assert.Single(stack.ReadAll<CustomerRecord>(Topics.IngestCustomers)).Email);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);

        api.Terminate();
        Assert.Equal(0, await api.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        Assert.Contains("customerstream ingest-api: stopped cleanly.", api.Output);
    }

    [Fact]
    public async Task Ingest_against_an_unreachable_cluster_fails_in_one_line_with_a_hint()
    {
        using var home = new TemporaryDirectory("cs-nostack-");
        var file = Path.Combine(home.Path, "orders.csv");
        await File.WriteAllTextAsync(file, "source_system,order_id,source_customer_id,order_ts,status,amount,currency\nshop,o-1,u-1,2025-01-01,approved,10,EUR\n");
        var environment = new Dictionary<string, string?>
        {
            ["Kafka__BootstrapServers"] = $"127.0.0.1:{FreePort()}",
            ["SchemaRegistry__Url"] = $"http://127.0.0.1:{FreePort()}",
        };

        var (exitCode, ingest) = await CliProcess.RunAsync(home.Path, environment, "ingest", "orders", file);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"customerstream: Cannot reach Kafka at {environment["Kafka__BootstrapServers"]}: ", ingest.Error.First());
        Assert.StartsWith("  hint: ", ingest.Error.ElementAt(1));
        Assert.Equal(2, ingest.Error.Count);
    }

    [Fact]
    public async Task Ingest_without_a_stack_or_configuration_says_where_it_looked()
    {
        using var home = new TemporaryDirectory("cs-nostack-");
        var file = Path.Combine(home.Path, "orders.csv");
        await File.WriteAllTextAsync(file, "order_id\n");

        var (exitCode, ingest) = await CliProcess.RunAsync(home.Path, "ingest", "orders", file);

        Assert.Equal(1, exitCode);
        Assert.Equal(
            [$"customerstream: No stack is running here ({Path.Combine(home.Path, ".customerstream", "endpoints.json")} does not exist) and no Kafka is configured.",
             "  hint: start one with `./customerstream up`, or set Kafka__BootstrapServers"],
            ingest.Error);
    }

    private Task<(int ExitCode, CliProcess Process)> Run(params string[] args) => CliProcess.RunAsync(stack.Home, stack.Environment, args);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
