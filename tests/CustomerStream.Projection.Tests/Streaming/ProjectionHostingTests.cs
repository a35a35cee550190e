using CustomerStream.Projection.Hosting;
using CustomerStream.Projection.Service;
using CustomerStream.Projection.Tests.Model;
using CustomerStream.ServiceDefaults;
using CustomerStream.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Projection.Tests.Streaming;

/// <summary><c>AddProjectionService</c> in a generic host, configured only through the shared configuration keys, as <c>customerstream run projection</c> and containers run it.</summary>
public sealed class ProjectionHostingTests(StreamingFixture streaming) : IClassFixture<StreamingFixture>
{
    [Fact]
    public async Task A_host_with_the_projection_migrates_the_schema_and_projects_avro_records_from_kafka()
    {
        await using var db = new MartDatabase();
        await db.InitializeBareAsync();
        var topics = new KafkaProjection(streaming, db);
        await topics.CreateTopicsAsync();
        var population = Population.Generate(customers: 50, seed: 71);
        var stream = ChangeStream.From(population, seed: 72);
        topics.Produce(stream.Records);
        var group = Unique.Name("projection");

        using var host = Build(Settings(db.ConnectionString, group), services => services.AddSingleton(topics.Topics));
        await host.StartAsync();
        var metrics = host.Services.GetRequiredService<ProjectionMetrics>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (metrics.RecordsConsumed < stream.Records.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await host.StopAsync();

        Assert.Equal(stream.Records.Count, metrics.RecordsConsumed);
        await RowAssert.SameRowsAsync(db, new ExpectedMarts(population, MartDatabase.AsOf).Ltv(),
            "SELECT customer_id, lifetime_value, total_transactions, customer_age_days, avg_spend_per_day, tier FROM mart.metric_customer_ltv");
        Assert.Equal(stream.Records.Count, topics.Committed(group));
    }

    [Fact]
    public async Task A_database_outage_mid_stream_is_waited_out_and_loses_nothing()
    {
        await using var db = new MartDatabase();
        await db.InitializeBareAsync();
        var topics = new KafkaProjection(streaming, db);
        await topics.CreateTopicsAsync();
        var population = Population.Generate(customers: 60, seed: 73);
        var stream = ChangeStream.From(population, seed: 74);
        var half = stream.Records.Count / 2;
        await using var proxy = TcpProxy.ForPostgres(db.ConnectionString);
        var group = Unique.Name("projection");

        using var host = Build(Settings(proxy.Reroute(db.ConnectionString), group, ("Projection:MaxBatchSize", "50")), services => services.AddSingleton(topics.Topics));
        var metrics = host.Services.GetRequiredService<ProjectionMetrics>();
        var outage = host.Services.GetRequiredService<DatabaseOutage>();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        await host.StartAsync();
        topics.Produce(stream.Records.Take(half));
        await WaitUntilAsync(() => metrics.RecordsConsumed >= half, "the first half consumed");
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        // PostgreSQL goes away (every connection reset, new ones too) while the second half arrives.
        proxy.Cut();
        topics.Produce(stream.Records.Skip(half));
        await WaitUntilAsync(() => outage.Retries >= 3, "three retries of the batch in hand");
        Assert.Equal(half, metrics.RecordsConsumed);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync()).Status);
        Assert.NotNull(outage.Current);
        Assert.False(stopping.IsCancellationRequested, "the projection must wait out the outage, not stop the host");
        Assert.Equal(half, topics.Committed(group));

        proxy.Restore();
        await WaitUntilAsync(() => metrics.RecordsConsumed >= stream.Records.Count, "everything consumed after the outage");
        await host.StopAsync();

        Assert.Null(outage.Current);
        Assert.Equal(stream.Records.Count, metrics.RecordsConsumed);
        Assert.Equal(stream.Records.Count, topics.Committed(group));
        await RowAssert.SameRowsAsync(db, new ExpectedMarts(population, MartDatabase.AsOf).Ltv(),
            "SELECT customer_id, lifetime_value, total_transactions, customer_age_days, avg_spend_per_day, tier FROM mart.metric_customer_ltv");
    }

    [Fact]
    public async Task A_projection_started_while_postgres_is_away_waits_for_it_then_migrates_and_projects()
    {
        await using var db = new MartDatabase();
        await db.InitializeBareAsync();
        var topics = new KafkaProjection(streaming, db);
        await topics.CreateTopicsAsync();
        var population = Population.Generate(customers: 30, seed: 75);
        var stream = ChangeStream.From(population, seed: 76);
        topics.Produce(stream.Records);
        await using var proxy = TcpProxy.ForPostgres(db.ConnectionString);
        proxy.Cut();

        using var host = Build(Settings(proxy.Reroute(db.ConnectionString), Unique.Name("projection")), services => services.AddSingleton(topics.Topics));
        var metrics = host.Services.GetRequiredService<ProjectionMetrics>();
        var outage = host.Services.GetRequiredService<DatabaseOutage>();
        await host.StartAsync();
        await WaitUntilAsync(() => outage.Retries >= 2, "the migration to be retried");
        Assert.Equal(0, metrics.RecordsConsumed);
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);

        proxy.Restore();
        await WaitUntilAsync(() => metrics.RecordsConsumed >= stream.Records.Count, "everything consumed once PostgreSQL answered");
        await host.StopAsync();
        await RowAssert.SameRowsAsync(db, new ExpectedMarts(population, MartDatabase.AsOf).Ltv(),
            "SELECT customer_id, lifetime_value, total_transactions, customer_age_days, avg_spend_per_day, tier FROM mart.metric_customer_ltv");
    }

    /// <summary>What a projection host of these tests reads: its database, the fixture's Kafka and registry, its group, a fixed as-of date.</summary>
    private Dictionary<string, string?> Settings(string postgres, string group, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            [ConfigurationKeys.Postgres] = postgres,
            [ConfigurationKeys.KafkaBootstrapServers] = streaming.Kafka.BootstrapServers,
            [ConfigurationKeys.SchemaRegistryUrl] = streaming.Registry.Url,
            ["Projection:GroupId"] = group,
            ["Projection:AsOfDate"] = MartDatabase.AsOf.ToString("yyyy-MM-dd"),
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public void The_defaults_are_the_product_topics_and_group_and_the_shared_postgres_connection_string()
    {
        using var host = Build(new()
        {
            [ConfigurationKeys.Postgres] = "Host=127.0.0.1;Database=marts",
            [ConfigurationKeys.KafkaBootstrapServers] = "127.0.0.1:9092",
            [ConfigurationKeys.SchemaRegistryUrl] = "http://127.0.0.1:8081",
        });

        var options = host.Services.GetRequiredService<IOptions<ProjectionOptions>>().Value;
        Assert.Equal("customerstream-projection", options.GroupId);
        Assert.Equal("Host=127.0.0.1;Database=marts", options.ConnectionString);
        Assert.Equal(ProjectionTopicNames.Catalog, host.Services.GetRequiredService<ProjectionTopicNames>());
        Assert.Equal(["aggregate.customer-changes.v1", "identity.links.v1", "customer.merged.v1", "ingest.rejected.v1"], ProjectionTopicNames.Catalog.All);
        Assert.IsType<AvroRecordDecoder>(host.Services.GetRequiredService<IRecordDecoder>());
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<ProjectionService>());
    }

    [Fact]
    public async Task Without_a_postgres_connection_string_the_host_refuses_to_start()
    {
        using var host = Build(new()
        {
            [ConfigurationKeys.KafkaBootstrapServers] = "127.0.0.1:9092",
            [ConfigurationKeys.SchemaRegistryUrl] = "http://127.0.0.1:8081",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("ConnectionString", error.Message);
    }

    private static IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        before?.Invoke(builder.Services);
        builder.Services.AddProjectionService(builder.Configuration);
        builder.Services.AddProjectionService(builder.Configuration);
        return builder.Build();
    }
}
