using CustomerStream.Contracts;
using CustomerStream.Customer360.Pipeline;
using CustomerStream.Kafka;
using CustomerStream.Projection;
using CustomerStream.Projection.Storage;
using CustomerStream.Projection.Writing;
using CustomerStream.ServiceDefaults;
using CustomerStream.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CustomerStream.Customer360.Tests;

/// <summary>
/// The console as <c>customerstream run console</c> hosts it, on a real PostgreSQL holding <see cref="ConsoleSample"/>
/// (written by the projection's writer) and a real embedded Kafka cluster with the product topics.
/// </summary>
public sealed class ReadApiHost : IAsyncLifetime
{
    public const string Key = "test-read-key-0123456789abcdef";

    /// <summary>The stages the pipeline view shows here: ingest, and one consuming stage on the customers topic.</summary>
    public static readonly PipelineStages Stages = new(
        [
            new PipelineStageDefinition("ingest", null, [Topics.IngestCustomers]),
            new PipelineStageDefinition("identity", "test-identity", [Topics.IngestCustomers]),
        ],
        Topics.IngestRejected);

    private readonly PostgresDatabaseFixture _database = new();
    private WebApplication _app = null!;

    public EmbeddedKafkaFixture Kafka { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        foreach (var topic in new[] { Topics.IngestCustomers, Topics.IngestRejected })
        {
            await Kafka.CreateTopicAsync(topic, 2);
        }

        await using (var dataSource = NpgsqlDataSource.Create(_database.ConnectionString))
        using (var store = ProjectionDocumentStore.Create(dataSource))
        {
            await new MartSchemaMigrator(dataSource, store, new ProjectionOptions { ConnectionString = _database.ConnectionString, AsOfDate = new DateOnly(2025, 6, 30) })
                .MigrateAsync(CancellationToken.None);
            await new MartWriter(dataSource, store).ApplyAsync(ConsoleSample.Batch(), CancellationToken.None);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.AddCustomerStreamDefaults();
        // After the defaults, so that this test's database wins over a CS_POSTGRES of the shell.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ConfigurationKeys.KafkaBootstrapServers] = Kafka.BootstrapServers,
            [ConfigurationKeys.KafkaMode] = "Embedded",
            [ConfigurationKeys.Postgres] = _database.ConnectionString,
            ["Customer360:ApiKeys:0"] = Key,
            ["Customer360:PipelineSampleSeconds"] = "1",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddEmbeddedKafka(Kafka.Cluster);
        builder.Services.AddCustomer360(builder.Configuration, Stages);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapCustomerStreamDefaults();
        _app.MapCustomer360();
        await _app.StartAsync();
        BaseUrl = _app.Urls.First();
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        Client.DefaultRequestHeaders.Add(Customer360Options.ApiKeyHeader, Key);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await _database.DisposeAsync();
        Kafka.Dispose();
    }
}
