using Confluent.SchemaRegistry;
using CustomerStream.Aggregator.Processing;
using CustomerStream.Kafka;
using CustomerStream.SchemaRegistry;
using CustomerStream.ServiceDefaults.State;
using CustomerStream.Streaming.Hosting;
using CustomerStream.Streaming.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Aggregator.Hosting;

/// <summary>Registrations of the aggregator service, for a process of its own or the whole stack in one process.</summary>
public static class AggregatorServiceCollectionExtensions
{
    /// <summary>The key of the aggregator's <see cref="StreamApplication"/> (a keyed singleton) and the name of its health check.</summary>
    public const string ApplicationKey = "aggregator";

    /// <summary>
    /// Adds the aggregator as a stream application that starts and stops with the host: the Kafka building
    /// blocks (section <c>Kafka</c>, <c>Kafka:BootstrapServers</c>), the Schema Registry client unless one is
    /// registered already (section <c>SchemaRegistry</c>, <c>SchemaRegistry:Url</c>), <see cref="AggregatorOptions"/>
    /// (section <c>Aggregator</c>), the provisioning of its topics before it starts, and the health checks of
    /// <see cref="StreamingServiceCollectionExtensions.AddStreamApplicationHealthChecks"/> named after <see cref="ApplicationKey"/>. Calling it twice changes nothing.
    /// </summary>
    public static IServiceCollection AddAggregatorService(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(AggregatorTopology)))
        {
            return services;
        }

        services.AddCustomerStreamKafka(configuration);
        if (!services.Any(d => d.ServiceType == typeof(ISchemaRegistryClient)))
        {
            services.AddSchemaRegistryClient(configuration);
        }

        services.AddOptions<AggregatorOptions>()
            .Bind(configuration.GetSection(AggregatorOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddStateDirectoryValidation<AggregatorOptions>(
            $"{AggregatorOptions.SectionName}:{nameof(AggregatorOptions.StateDirectory)}", o => o.StateDirectory);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AggregatorMetrics>();
        services.AddSingleton(sp => new AggregatorTopology(
            sp.GetRequiredService<ISchemaRegistryClient>(),
            sp.GetRequiredService<AggregatorMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));

        // Before the application's hosted service: hosted services start one after the other.
        services.AddHostedService<AggregatorTopicsInitializer>();
        services.AddStreamApplication(ApplicationKey, CreateApplication);
        services.AddStreamApplicationHealthChecks(ApplicationKey);
        return services;
    }

    /// <summary>The aggregator's stream application: <see cref="StreamApplication.State"/> says whether it runs, <see cref="StreamApplication.GetStatus"/> shows its tasks.</summary>
    public static StreamApplication GetAggregatorApplication(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredKeyedService<StreamApplication>(ApplicationKey);
    }

    private static StreamApplication CreateApplication(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<AggregatorOptions>>().Value;
        // Bootstrap servers, client settings, group timing and changelog provisioning come from the Kafka section.
        return ConfiguredStreamApplications.Create(sp, options.ApplicationId, options.StateDirectory, sp.GetRequiredService<AggregatorTopology>().Build(), runtime =>
        {
            runtime.MaxBatchRecords = options.MaxBatchRecords;
            runtime.MaxBatchWait = options.MaxBatchWait;
            runtime.CheckpointInterval = options.CheckpointInterval;
        });
    }
}
