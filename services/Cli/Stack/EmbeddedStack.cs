using CustomerStream.Kafka;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Kafka.Topics;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Server;
using CustomerStream.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CustomerStream.Cli.Stack;

/// <summary>
/// The embedded stack of <c>up</c> (and later <c>demo</c>): librdkafka's mock cluster plus one loopback web
/// host that serves health, the topic-admin endpoint other processes create topics through, and, as they
/// land, the Schema Registry and the services.
/// </summary>
internal sealed class EmbeddedStack : IAsyncDisposable
{
    private readonly EmbeddedKafkaCluster _cluster;
    private readonly WebApplication _host;

    private EmbeddedStack(EmbeddedKafkaCluster cluster, WebApplication host, string httpUrl, IReadOnlyList<ProvisionedTopic> topics, string? registryUrl)
    {
        _cluster = cluster;
        _host = host;
        HttpUrl = httpUrl;
        Topics = topics;
        SchemaRegistryUrl = registryUrl;
    }

    /// <summary>Path under <see cref="HttpUrl"/> where the embedded Schema Registry answers.</summary>
    public const string SchemaRegistryPrefix = "/schema-registry";

    /// <summary>The embedded registry's URL, or null when no PostgreSQL was configured to keep it in.</summary>
    public string? SchemaRegistryUrl { get; }

    /// <summary>The embedded cluster, for services started in this process.</summary>
    public EmbeddedKafkaCluster Cluster => _cluster;

    public string KafkaBootstrap => _cluster.BootstrapServers;

    public int Brokers => _cluster.BrokerCount;

    public string HttpUrl { get; }

    public string KafkaAdminUrl => HttpUrl + KafkaTopicAdminEndpoints.DefaultPrefix;

    public IReadOnlyList<ProvisionedTopic> Topics { get; }

    /// <summary>Fires when the host stops on its own (a hosted service failed), so the command ends too.</summary>
    public CancellationToken Stopping => _host.Lifetime.ApplicationStopping;

    public static async Task<EmbeddedStack> StartAsync(
        EmbeddedStackSettings settings, CliContext context, string? postgres, Action<string> progress, CancellationToken cancellationToken)
    {
        progress($"Starting embedded Kafka ({settings.Brokers} brokers)");
        var cluster = EmbeddedKafkaCluster.Start(settings.Brokers);
        WebApplication? host = null;
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ContentRootPath = AppContext.BaseDirectory,
                ApplicationName = "customerstream",
            });
            builder.Configuration.AddInMemoryCollection([new(ConfigurationKeys.ServiceName, "customerstream-stack")]);
            builder.AddCustomerStreamDefaults();
            if (settings.DefaultPartitions is { } partitions)
            {
                // After the environment, so the command-line option wins.
                builder.Configuration.AddInMemoryCollection([new($"{KafkaOptions.SectionName}:{nameof(KafkaOptions.DefaultPartitions)}", partitions.ToString())]);
            }

            context.ConfigureLogging(builder.Logging);
            builder.Services.AddEmbeddedKafka(cluster);
            if (postgres is not null)
            {
                builder.Services.AddSchemaRegistryServer(o => o.ConnectionString = postgres);
            }

            builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
            builder.WebHost.UseUrls($"http://127.0.0.1:{settings.HttpPort}");
            host = builder.Build();
            host.MapCustomerStreamDefaults();
            host.MapKafkaTopicAdmin();
            if (postgres is not null)
            {
                host.MapSchemaRegistry(SchemaRegistryPrefix);
            }

            progress("Starting the HTTP endpoints");
            await host.StartAsync(cancellationToken);
            var httpUrl = host.Urls.First();

            progress($"Provisioning {settings.Topics.Count} topics");
            var topics = await host.Services.GetRequiredService<ITopicProvisioner>().EnsureTopicsAsync(settings.Topics, cancellationToken);
            string? registryUrl = null;
            if (postgres is not null)
            {
                registryUrl = httpUrl + SchemaRegistryPrefix;
                progress("Registering the contract's schemas");
                using var registry = SchemaRegistrySettings.CreateClient(registryUrl);
                await ContractSubjects.RegisterAsync(registry, cancellationToken: cancellationToken);
            }

            return new EmbeddedStack(cluster, host, httpUrl, topics, registryUrl);
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            cluster.Dispose();
            throw;
        }
    }

    public StackEndpoints Endpoints(string? postgres) => new()
    {
        KafkaBootstrap = KafkaBootstrap,
        KafkaMode = "embedded",
        KafkaAdminUrl = KafkaAdminUrl,
        Postgres = postgres,
        Http = HttpUrl,
        SchemaRegistryUrl = SchemaRegistryUrl,
    };

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _host.StopAsync(grace.Token);
        await _host.DisposeAsync();
        // Last: clients of the host (health checks, provisioner) are gone before the brokers go.
        _cluster.Dispose();
    }
}
