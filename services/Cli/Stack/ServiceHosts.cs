using CustomerStream.Aggregator.Hosting;
using CustomerStream.Bridge.Hosting;
using CustomerStream.Customer360;
using CustomerStream.Identity.Service;
using CustomerStream.Ingest;
using CustomerStream.Ingest.Http;
using CustomerStream.Projection.Hosting;
using CustomerStream.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerStream.Cli.Stack;

/// <summary>
/// The host of one service as <c>customerstream run SERVICE</c> (and so every container) builds it: the
/// defaults, the service's DI entry point, its topics, and where it listens. One place, so that the
/// deployment tests check exactly what a container runs.
/// </summary>
internal static class ServiceHosts
{
    /// <summary>The services of the product, as named on the command line.</summary>
    public static readonly string[] Services = ["ingest-api", "identity", "aggregator", "projection", "bridge", "console"];

    /// <summary>Where a service other than the ingest API serves its health endpoints unless <c>urls</c> (<c>ASPNETCORE_URLS</c>) says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:0";

    /// <summary>Settings a service cannot start without, with what they are for people.</summary>
    public static IReadOnlyList<(string Key, string What)> RequiredSettings(string service) => service switch
    {
        "projection" => [(ConfigurationKeys.KafkaBootstrapServers, "Kafka"), (ConfigurationKeys.SchemaRegistryUrl, "Schema Registry"), (ConfigurationKeys.Postgres, "PostgreSQL")],
        "console" => [(ConfigurationKeys.KafkaBootstrapServers, "Kafka"), (ConfigurationKeys.Postgres, "PostgreSQL")],
        "bridge" => [(ConfigurationKeys.KafkaBootstrapServers, "Kafka"), (ConfigurationKeys.SchemaRegistryUrl, "Schema Registry"), (ConfigurationKeys.RabbitMqUrl, "RabbitMQ")],
        _ => [(ConfigurationKeys.KafkaBootstrapServers, "Kafka"), (ConfigurationKeys.SchemaRegistryUrl, "Schema Registry")],
    };

    /// <summary>
    /// Builds the host of <paramref name="service"/>. <paramref name="endpoints"/> (a running <c>up</c>) sit
    /// below the environment; <paramref name="environment"/>, when given, replaces the process environment
    /// entirely (a container's, for deployment checks).
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string service, StackEndpoints? endpoints, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!Services.Contains(service, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{service}' is not a service: {string.Join(", ", Services)}.", nameof(service));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = $"customerstream-{service}",
        });
        if (environment is not null)
        {
            foreach (var source in builder.Configuration.Sources.OfType<EnvironmentVariablesConfigurationSource>().ToList())
            {
                builder.Configuration.Sources.Remove(source);
            }
        }

        builder.Configuration.AddInMemoryCollection([new(ConfigurationKeys.ServiceName, $"customerstream-{service}")]);
        if (endpoints is not null)
        {
            // Below the environment, which AddCustomerStreamDefaults adds next: an explicit setting still wins.
            builder.Configuration.AddStackEndpoints(endpoints);
        }

        builder.AddCustomerStreamDefaults(environment);
        builder.Services.AddHostedService<ProductTopicsInitializer>();
        switch (service)
        {
            case "ingest-api":
                builder.Services.AddIngestPublishing(builder.Configuration).AddIngestPacingDefaults();
                builder.Services.AddIngestApi(builder.Configuration);
                builder.UseIngestApiUrl();
                return builder;
            case "console":
                builder.Services.AddCustomer360(builder.Configuration, ProductCatalog.ConsoleStages);
                builder.UseCustomer360Url();
                return builder;
            case "identity":
                builder.Services.AddIdentityService(builder.Configuration);
                break;
            case "aggregator":
                builder.Services.AddAggregatorService(builder.Configuration);
                break;
            case "bridge":
                builder.Services.AddBridgeService(builder.Configuration);
                break;
            default:
                builder.Services.AddProjectionService(builder.Configuration);
                break;
        }

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>Maps the health endpoints, and the ingest API for <c>ingest-api</c>, the read API and page for <c>console</c>.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, string service)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.MapCustomerStreamDefaults();
        if (service == "ingest-api")
        {
            app.MapIngestApi();
        }
        else if (service == "console")
        {
            app.MapCustomer360();
        }

        return app;
    }
}
