using System.Globalization;
using System.Security.Cryptography;
using CustomerStream.Aggregator.Hosting;
using CustomerStream.Bridge.Hosting;
using CustomerStream.Customer360;
using CustomerStream.Identity.Service;
using CustomerStream.Ingest;
using CustomerStream.Ingest.Http;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Kafka;
using CustomerStream.Projection.Hosting;
using CustomerStream.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CustomerStream.Cli.Stack;

/// <summary>
/// Every service of the product in one host next to the embedded infrastructure: the ingest HTTP API,
/// identity, aggregator and projection, wired to the stack's Kafka, registry and PostgreSQL, plus the bridge to
/// RabbitMQ when one is configured (<c>RabbitMq:Url</c>, <c>CS_RABBITMQ</c>). The same
/// DI entry points run each service in its own process (`customerstream run SERVICE`).
/// </summary>
internal sealed class StackServices : IAsyncDisposable
{
    private const string ReadKeysSection = $"{Customer360Options.SectionName}:{nameof(Customer360Options.ApiKeys)}";
    private readonly WebApplication _host;

    private StackServices(WebApplication host, string ingestApiUrl, string ingestApiKey, string? readApiKey, string? rabbitMq)
    {
        _host = host;
        IngestApiUrl = ingestApiUrl;
        IngestApiKey = ingestApiKey;
        ReadApiKey = readApiKey;
        RabbitMq = rabbitMq;
    }

    /// <summary>Where the ingest HTTP API listens.</summary>
    public string IngestApiUrl { get; }

    /// <summary>An API key the ingest API accepts.</summary>
    public string IngestApiKey { get; }

    /// <summary>The Customer 360 console's page (the read API is under <c>/v1</c> of the same address), or null when it does not run.</summary>
    public string? ConsoleUrl => ReadApiKey is null ? null : IngestApiUrl + Customer360Extensions.PagePath;

    /// <summary>A key the console's read API accepts (never one that may write), or null when the console does not run.</summary>
    public string? ReadApiKey { get; }

    /// <summary>The broker the bridge publishes to (password hidden), or null when no RabbitMQ is configured and the bridge does not run.</summary>
    public string? RabbitMq { get; }

    /// <summary>The services' container (file ingestion, mart queries).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Signalled when the host stops on its own (a fatal error, SIGTERM).</summary>
    public CancellationToken Stopping => _host.Lifetime.ApplicationStopping;

    /// <summary>Where the stream applications keep their local state, under the stack's home.</summary>
    public static string StateRoot(CliContext context) => Path.Combine(context.Home, StackEndpoints.FolderName, "state");

    /// <summary>
    /// Starts the services. Local state from an earlier run is deleted first: it belonged to an embedded
    /// cluster that kept its topics in memory and is gone.
    /// </summary>
    public static async Task<StackServices> StartAsync(
        EmbeddedStack stack,
        string postgres,
        CliContext context,
        IReadOnlyDictionary<string, SourceOptions>? sources,
        string? ingestApiUrl,
        bool console,
        CancellationToken cancellationToken)
    {
        var state = StateRoot(context);
        if (Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "customerstream",
        });

        // Defaults first, so appsettings and CS_* environment variables still override them...
        var defaults = new Dictionary<string, string?>
        {
            [$"{IdentityServiceOptions.SectionName}:{nameof(IdentityServiceOptions.StateDirectory)}"] = Path.Combine(state, "identity"),
            [$"{AggregatorOptions.SectionName}:{nameof(AggregatorOptions.StateDirectory)}"] = Path.Combine(state, "aggregator"),
            [$"{IngestApiOptions.SectionName}:{nameof(IngestApiOptions.Url)}"] = ingestApiUrl ?? IngestApiOptions.DefaultUrl,
        };
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults });
        builder.AddCustomerStreamDefaults();

        // ...and the stack's own endpoints last: the services must talk to this stack.
        var generatedKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var endpoints = new Dictionary<string, string?>
        {
            [ConfigurationKeys.ServiceName] = "customerstream-services",
            [ConfigurationKeys.KafkaBootstrapServers] = stack.KafkaBootstrap,
            [ConfigurationKeys.KafkaMode] = nameof(KafkaMode.Embedded),
            [ConfigurationKeys.SchemaRegistryUrl] = stack.SchemaRegistryUrl,
            [ConfigurationKeys.Postgres] = postgres,
        };
        if (builder.Configuration.GetSection($"{IngestApiOptions.SectionName}:{nameof(IngestApiOptions.ApiKeys)}").GetChildren().All(c => string.IsNullOrWhiteSpace(c.Value)))
        {
            endpoints[$"{IngestApiOptions.SectionName}:{nameof(IngestApiOptions.ApiKeys)}:0"] = generatedKey;
        }

        if (console && builder.Configuration.GetSection(ReadKeysSection).GetChildren().All(c => string.IsNullOrWhiteSpace(c.Value)))
        {
            endpoints[$"{ReadKeysSection}:0"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }

        foreach (var (name, source) in sources ?? new Dictionary<string, SourceOptions>())
        {
            AddSource(endpoints, name, source);
        }

        builder.Configuration.AddInMemoryCollection(endpoints);
        context.ConfigureLogging(builder.Logging);
        builder.Services.AddEmbeddedKafka(stack.Cluster);
        builder.Services.AddIngestPublishing(builder.Configuration).AddIngestPacingDefaults();
        builder.Services.AddIngestApi(builder.Configuration);
        builder.Services.AddIdentityService(builder.Configuration);
        builder.Services.AddAggregatorService(builder.Configuration);
        builder.Services.AddProjectionService(builder.Configuration);
        if (console)
        {
            // Served by the same host, beside the ingest API (its own key, read-only).
            builder.Services.AddCustomer360(builder.Configuration, ProductCatalog.ConsoleStages);
        }

        var bridge = BridgeServiceCollectionExtensions.IsRabbitMqConfigured(builder.Configuration);
        if (bridge)
        {
            builder.Services.AddBridgeService(builder.Configuration);
        }

        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        builder.UseIngestApiUrl();
        var host = builder.Build();
        host.MapCustomerStreamDefaults();
        host.MapIngestApi();
        if (console)
        {
            host.MapCustomer360();
        }
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        var key = builder.Configuration.GetSection($"{IngestApiOptions.SectionName}:{nameof(IngestApiOptions.ApiKeys)}").GetChildren()
            .Select(c => c.Value).First(v => !string.IsNullOrWhiteSpace(v))!;
        var readKey = console ? builder.Configuration.GetSection(ReadKeysSection).GetChildren().Select(c => c.Value).First(v => !string.IsNullOrWhiteSpace(v)) : null;
        var rabbitMq = bridge ? CustomerStream.Bridge.RabbitMqAddress.Redact(builder.Configuration[ConfigurationKeys.RabbitMqUrl]) : null;
        return new StackServices(host, host.Urls.First(), key, readKey, rabbitMq);
    }

    internal static void AddSource(Dictionary<string, string?> configuration, string name, SourceOptions source)
    {
        var prefix = $"{IngestOptions.SectionName}:{nameof(IngestOptions.Sources)}:{name}:";
        configuration[prefix + nameof(SourceOptions.UsDates)] = source.UsDates.ToString(CultureInfo.InvariantCulture);
        if (source.TimeZone is { } zone)
        {
            configuration[prefix + nameof(SourceOptions.TimeZone)] = zone;
        }

        if (source.DefaultUserSource is { } user)
        {
            configuration[prefix + nameof(SourceOptions.DefaultUserSource)] = user;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _host.StopAsync(grace.Token);
        }
        finally
        {
            await _host.DisposeAsync();
        }
    }
}
