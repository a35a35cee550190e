using Confluent.Kafka;
using Confluent.SchemaRegistry;
using CustomerStream.Kafka;
using CustomerStream.Projection.Queries;
using CustomerStream.Projection.Rebuild;
using CustomerStream.Projection.Service;
using CustomerStream.Projection.Storage;
using CustomerStream.Projection.Writing;
using CustomerStream.SchemaRegistry;
using CustomerStream.ServiceDefaults;
using CustomerStream.Kafka.Faults;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CustomerStream.Projection.Hosting;

/// <summary>Registrations of the projection service, for any host: alone (<c>customerstream run projection</c>) or with the others (<c>up</c>, <c>demo</c>).</summary>
public static class ProjectionServiceCollectionExtensions
{
    /// <summary>Name of the projection's readiness health check.</summary>
    public const string HealthCheckName = "projection-postgres";

    /// <summary>
    /// Registers the projection: <see cref="ProjectionOptions"/> from section <c>Projection</c> (validated at
    /// start-up; the connection string defaults to <c>ConnectionStrings:Postgres</c>), the PostgreSQL data
    /// source and Marten store, the hosted <see cref="ProjectionService"/> and <see cref="GlobalRefreshService"/>, the
    /// <see cref="MartRefresher"/> (the projection service migrates the schema when it
    /// starts, then consumes as group <see cref="ProjectionOptions.GroupId"/>, <c>customerstream-projection</c>
    /// by default), the Avro <see cref="IRecordDecoder"/> over the Schema Registry (section
    /// <c>SchemaRegistry</c>, <c>SchemaRegistry:Url</c>), the Kafka building blocks (section <c>Kafka</c>,
    /// <c>Kafka:BootstrapServers</c>), a <c>ready</c> health check, and the read side the CLI uses
    /// (<see cref="MartQueries"/>, <see cref="RebuildRunner"/>). Safe to call twice.
    /// </summary>
    public static IServiceCollection AddProjectionService(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(ProjectionDataSource)))
        {
            return services;
        }

        services.AddOptions<ProjectionOptions>()
            .Bind(configuration.GetSection(ProjectionOptions.SectionName))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.ConnectionString))
                {
                    o.ConnectionString = configuration[ConfigurationKeys.Postgres] ?? "";
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddCustomerStreamKafka(configuration);
        services.AddSchemaRegistryClient(configuration);
        // Npgsql's spans (children of the batch span, ProjectionTelemetry) and metrics, wherever the host exports telemetry.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddNpgsql());
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddNpgsqlInstrumentation());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ProjectionTopicNames.Catalog);
        services.AddSingleton(sp => new ProjectionDataSource(NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<ProjectionOptions>>().Value.ConnectionString)));
        services.AddSingleton(sp => new ProjectionStore(ProjectionDocumentStore.Create(sp.GetRequiredService<ProjectionDataSource>().DataSource)));
        services.AddSingleton(sp => new MartSchemaMigrator(
            DataSource(sp), Store(sp), sp.GetRequiredService<IOptions<ProjectionOptions>>().Value, sp.GetService<ILogger<MartSchemaMigrator>>()));
        services.AddSingleton(sp => new MartWriter(DataSource(sp), Store(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new MartQueries(DataSource(sp)));
        services.AddSingleton(sp => new MartRefresher(DataSource(sp)));
        services.AddSingleton(sp => new MartRebuilder(DataSource(sp), Store(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IRecordDecoder>(sp => new AvroRecordDecoder(
            sp.GetRequiredService<ISchemaRegistryClient>(), sp.GetRequiredService<ProjectionTopicNames>(), sp.GetService<ILogger<AvroRecordDecoder>>()));
        services.AddSingleton<Func<string, IConsumer<byte[]?, byte[]?>>>(sp =>
        {
            var clients = sp.GetRequiredService<KafkaClientFactory>();
            return groupId => clients.CreateConsumerBuilder<byte[]?, byte[]?>(clients.CreateConsumerConfig(groupId, "projection")).Build();
        });
        services.AddSingleton(sp => new TopicReplayer(
            sp.GetRequiredService<Func<string, IConsumer<byte[]?, byte[]?>>>(), sp.GetRequiredService<IRecordDecoder>(),
            sp.GetRequiredService<IOptions<ProjectionOptions>>().Value.MaxBatchSize));
        services.AddSingleton<RebuildRunner>();
        services.AddSingleton(sp => new ProjectionMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp => new DatabaseOutage(sp.GetService<ILogger<DatabaseOutage>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new PostgresHealthCheck(DataSource(sp), sp.GetRequiredService<ProjectionMetrics>(), sp.GetRequiredService<DatabaseOutage>()));
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>(HealthCheckName, tags: ["ready"]);
        services.AddSingleton(sp =>
        {
            var clients = sp.GetRequiredService<KafkaClientFactory>();
            return new DeadLetterPublisher(
                () => clients.CreateProducerBuilder<byte[], byte[]>(clients.CreateProducerConfig("projection-dead-letters")).Build(),
                sp.GetRequiredService<ProjectionTopicNames>().DeadLetters,
                sp.GetRequiredService<IOptions<ProjectionOptions>>().Value.GroupId,
                sp.GetService<ILogger<DeadLetterPublisher>>(),
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddHostedService(sp => new ProjectionService(
            sp.GetRequiredService<MartSchemaMigrator>(),
            sp.GetRequiredService<MartWriter>(),
            sp.GetRequiredService<IRecordDecoder>(),
            sp.GetRequiredService<Func<string, IConsumer<byte[]?, byte[]?>>>(),
            sp.GetRequiredService<ProjectionTopicNames>(),
            sp.GetRequiredService<IOptions<ProjectionOptions>>(),
            sp.GetRequiredService<ProjectionMetrics>(),
            sp.GetRequiredService<ILogger<ProjectionService>>(),
            sp.GetRequiredService<DatabaseOutage>(),
            sp.GetRequiredService<DeadLetterPublisher>()));
        services.AddHostedService(sp => new GlobalRefreshService(
            sp.GetRequiredService<MartRefresher>(), sp.GetRequiredService<ProjectionMetrics>(), sp.GetRequiredService<IOptions<ProjectionOptions>>(),
            sp.GetRequiredService<ILogger<GlobalRefreshService>>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static NpgsqlDataSource DataSource(IServiceProvider services) => services.GetRequiredService<ProjectionDataSource>().DataSource;

    private static IDocumentStore Store(IServiceProvider services) => services.GetRequiredService<ProjectionStore>().Store;
}
