using CustomerStream.Kafka;
using CustomerStream.Projection.Queries;
using CustomerStream.Projection.Rebuild;
using CustomerStream.Projection.Service;
using CustomerStream.Projection.Storage;
using CustomerStream.Projection.Writing;
using CustomerStream.SchemaRegistry;
using CustomerStream.ServiceDefaults;
using Confluent.Kafka;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CustomerStream.Projection.Hosting;

/// <summary>Registers the projection in a host (its own process, or the embedded stack).</summary>
public static class ProjectionServiceHosting
{
    /// <summary>
    /// The mart store, writer, queries and rebuild (no consumer): what the CLI's <c>audit</c>, <c>profile</c>
    /// and <c>rebuild</c> need. PostgreSQL from <c>ConnectionStrings:Postgres</c> (or <c>Projection:ConnectionString</c>).
    /// </summary>
    public static IServiceCollection AddProjectionStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
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
        services.TryAddSingleton(provider => NpgsqlDataSource.Create(provider.GetRequiredService<IOptions<ProjectionOptions>>().Value.ConnectionString));
        services.TryAddSingleton<IDocumentStore>(provider => ProjectionDocumentStore.Create(provider.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton(provider => new MartSchemaMigrator(
            provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<IDocumentStore>(),
            provider.GetRequiredService<IOptions<ProjectionOptions>>().Value, provider.GetService<ILogger<MartSchemaMigrator>>()));
        services.TryAddSingleton(provider => new MartWriter(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<IDocumentStore>()));
        services.TryAddSingleton<MartQueries>();
        services.TryAddSingleton(ProjectionTopicNames.Catalog);
        return services;
    }

    /// <summary>
    /// <see cref="AddProjectionStore"/> plus the consuming service (group <c>Projection:GroupId</c>, default
    /// <c>customerstream-projection</c>), the Avro decoder over the registry at <c>SchemaRegistry:Url</c>, and
    /// the rebuild runner. Kafka from the <c>Kafka</c> section.
    /// </summary>
    public static IServiceCollection AddProjectionService(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProjectionStore(configuration);
        services.AddCustomerStreamKafka(configuration);
        services.AddSchemaRegistryClient(o => configuration.GetSection("SchemaRegistry").Bind(o));
        services.TryAddSingleton<IRecordDecoder, AvroRecordDecoder>();
        services.TryAddSingleton<ProjectionMetrics>();
        services.TryAddSingleton<Func<string, IConsumer<byte[]?, byte[]?>>>(provider =>
        {
            var clients = provider.GetRequiredService<KafkaClientFactory>();
            return groupId => clients.CreateConsumerBuilder<byte[]?, byte[]?>(clients.CreateConsumerConfig(groupId, "projection")).Build();
        });
        services.TryAddSingleton(provider => new RebuildRunner(
            new MartRebuilder(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<IDocumentStore>()),
            new TopicReplayer(provider.GetRequiredService<Func<string, IConsumer<byte[]?, byte[]?>>>(), provider.GetRequiredService<IRecordDecoder>()),
            provider.GetRequiredService<ProjectionTopicNames>()));
        services.AddSingleton<ProjectionService>();
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<ProjectionService>());
        return services;
    }
}
