using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Net.Http.Json;
using CustomerStream.Aggregator.Hosting;
using CustomerStream.Identity.Service;
using CustomerStream.Ingest;
using CustomerStream.Ingest.Http;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Pipeline.Testing;
using CustomerStream.Projection.Hosting;
using CustomerStream.Projection.Service;
using CustomerStream.ServiceDefaults;
using CustomerStream.Streaming.Telemetry;
using CustomerStream.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// One order followed by its trace through the whole pipeline in one host wired as production wires it
/// (<c>AddCustomerStreamDefaults</c> and each service's registration), spans caught by OpenTelemetry's in-memory
/// exporter: the ingest API's span, every stream stage's batch span and the projection's batch span linked to
/// it through the <c>traceparent</c> Kafka header, and Npgsql's spans of the SQL that wrote the mart row under
/// the projection's span.
/// </summary>
public sealed class OrderTraceTests(ITestOutputHelper output)
{
    private const string ApiKey = "trace-test-key-0123456789";

    [Fact]
    public async Task One_order_is_followed_from_the_ingest_api_through_every_stage_to_the_sql_that_writes_its_mart_row()
    {
        using var folder = new TemporaryDirectory();
        await using var pipeline = await EmbeddedPipeline.StartAsync();
        var spans = new LockedCollection<Activity>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddCustomerStreamDefaults();
        // After the defaults' environment sources, so that the test's stack wins over CS_POSTGRES and the like.
        builder.Configuration.AddConfiguration(pipeline.Configuration(
            ($"{IngestApiOptions.SectionName}:ApiKeys:0", ApiKey),
            ("Kafka:DefaultPartitions", EmbeddedPipeline.DefaultPartitions.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Identity:StateDirectory", Path.Combine(folder.Path, "identity")),
            ("Aggregator:StateDirectory", Path.Combine(folder.Path, "aggregator"))));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TestLoggerProvider(output, LogLevel.Warning));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddEmbeddedKafka(pipeline.Cluster);
        builder.Services.AddIngestPublishing(builder.Configuration);
        builder.Services.AddIngestApi(builder.Configuration);
        builder.Services.AddIdentityService(builder.Configuration);
        builder.Services.AddAggregatorService(builder.Configuration);
        builder.Services.AddProjectionService(builder.Configuration);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        await using var app = builder.Build();
        app.MapCustomerStreamDefaults();
        app.MapIngestApi();
        await app.StartAsync();

        var orderId = Unique.Name("o");
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orders")
        {
            Content = JsonContent.Create(new[]
            {
                new Dictionary<string, object>
                {
                    ["source_system"] = "shop", ["order_id"] = orderId, ["source_customer_id"] = "u-trace",
                    ["order_ts"] = "2024-03-05T14:30:00Z", ["status"] = "approved", ["amount"] = "129.90", ["currency"] = "EUR",
                },
            }),
        };
        request.Headers.Add(IngestApiOptions.ApiKeyHeader, ApiKey);
        using (var response = await http.SendAsync(request))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var ingest = await WaitForAsync(() => spans.Snapshot().FirstOrDefault(s => s.Source.Name == IngestTelemetry.Name), "the ingest span");
        var trace = ingest.TraceId;
        await WaitForAsync(() => MartRowExistsAsync(pipeline.PostgresConnectionString, orderId).GetAwaiter().GetResult() ? true : (bool?)null, "the order's mart row");
        var projection = await WaitForAsync(
            () => spans.Snapshot().FirstOrDefault(s => s.Source.Name == ProjectionTelemetry.ActivitySourceName && LinksTo(s, trace)),
            "the projection's batch span linked to the order's trace");
        await app.StopAsync();

        var all = spans.Snapshot();
        foreach (var span in all.Where(s => s.TraceId == trace || LinksTo(s, trace) || s.ParentSpanId == projection.SpanId))
        {
            output.WriteLine($"{span.Source.Name,-26} {span.DisplayName,-40} trace {span.TraceId} span {span.SpanId} parent {span.ParentSpanId} links {span.Links.Count()}");
        }

        // The HTTP request is the root of the order's trace; ingest's span is its child.
        var root = Assert.Single(all, s => s.Source.Name == "Microsoft.AspNetCore" && s.SpanId == ingest.ParentSpanId);
        Assert.Equal(trace, root.TraceId);

        // Every stream stage between ingest and the projection links a batch to the order's trace.
        var stages = all.Where(s => s.Source.Name == "CustomerStream.Streaming" && LinksTo(s, trace))
            .Select(s => s.GetTagItem(StreamingTelemetry.ApplicationIdTag) as string)
            .ToHashSet();
        var identity = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityServiceOptions>>().Value;
        var aggregator = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AggregatorOptions>>().Value;
        Assert.Superset(new HashSet<string?> { identity.RouterApplicationId, identity.ApplicationId, aggregator.ApplicationId }, stages);

        // The projection's batch: a consumer span, and the SQL that wrote the row under it, in the same trace.
        Assert.Equal(ActivityKind.Consumer, projection.Kind);
        var sql = all.Where(s => s.Source.Name == "Npgsql" && s.ParentSpanId == projection.SpanId).ToList();
        Assert.NotEmpty(sql);
        Assert.All(sql, s => Assert.Equal(projection.TraceId, s.TraceId));
    }

    private static bool LinksTo(Activity span, ActivityTraceId trace) => span.Links.Any(l => l.Context.TraceId == trace);

    private static async Task<bool> MartRowExistsAsync(string connectionString, string orderId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM mart.orders WHERE order_id = $1", connection) { Parameters = { new() { Value = orderId } } };
        try
        {
            return (long)(await command.ExecuteScalarAsync())! > 0;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> find, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            if (find() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>What the exporter adds to from the threads that end spans, read safely by the test.</summary>
    private sealed class LockedCollection<T> : Collection<T>
    {
        private readonly Lock _lock = new();

        public IReadOnlyList<T> Snapshot()
        {
            lock (_lock)
            {
                return [.. Items];
            }
        }

        protected override void InsertItem(int index, T item)
        {
            lock (_lock)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
