using Confluent.SchemaRegistry;
using Confluent.Kafka;
using CustomerStream.Contracts.Erasure;
using CustomerStream.Ingest.Erasure;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Publishing;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Inspection;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Ingest;

/// <summary>Registrations of the ingest core: options, normalizers, publisher and file ingestor.</summary>
public static class IngestServiceCollectionExtensions
{
    private const string DeliveryReportFields = "dotnet.producer.delivery.report.fields";

    /// <summary>
    /// Binds <see cref="IngestOptions"/> (section <c>Ingest</c>, validated at start-up, including every source's
    /// time zone) and registers <see cref="IngestPipeline"/>, <see cref="IngestPublisher"/> and <see cref="FileIngestor"/>.
    /// The publisher needs an <c>IProducer&lt;string, byte[]&gt;</c> and <see cref="IngestSerializers"/> in the container.
    /// </summary>
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestOptions>()
            .Bind(configuration.GetSection(IngestOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Sources.All(s => SourceProfiles.Validate(s.Key, s.Value).Count == 0),
                "Ingest:Sources: a source has an invalid name, time zone or default user source")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new IngestPipeline(sp.GetRequiredService<IOptions<IngestOptions>>().Value));
        services.TryAddSingleton<IngestPublisher>();
        services.TryAddSingleton<FileIngestor>();
        return services;
    }

    /// <summary>
    /// <see cref="AddIngest"/> plus what publishing needs: an idempotent, compressing producer from the
    /// <c>Kafka</c> section, Avro serializers (Confluent wire format) over the registry at
    /// <c>SchemaRegistry:Url</c>, and the <see cref="IngestPacer"/> of section <c>Ingest:Pacing</c>.
    /// </summary>
    public static IServiceCollection AddIngestPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddIngest(configuration);
        services.AddCustomerStreamKafka(configuration);
        services.AddSchemaRegistryClient(configuration);
        services.TryAddSingleton(provider =>
        {
            var clients = provider.GetRequiredService<KafkaClientFactory>();
            var config = clients.CreateProducerConfig("ingest");
            config.MessageTimeoutMs = provider.GetRequiredService<IOptions<IngestOptions>>().Value.DeliveryTimeoutMs;
            // Delivery reports carry only the key (a reference the client already holds): publishing reads the key
            // and the error, and marshalling headers, timestamps and status back costs allocations per record.
            config.Set(DeliveryReportFields, "key");
            return clients.CreateProducerBuilder<string, byte[]>(config).Build();
        });
        services.AddOptions<IngestPacingOptions>()
            .Bind(configuration.GetSection(IngestPacingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(provider =>
        {
            var pacing = provider.GetRequiredService<IOptions<IngestPacingOptions>>().Value;
            var kafka = provider.GetRequiredService<IOptions<KafkaOptions>>().Value;
            var reader = pacing.AppliesTo(embeddedCluster: kafka.Mode == KafkaMode.Embedded)
                ? new ConsumerPositionReader(provider.GetRequiredService<KafkaClientFactory>())
                : null;
            return new IngestPacer(pacing, reader, provider.GetRequiredService<ILogger<IngestPacer>>());
        });
        services.TryAddSingleton(provider =>
        {
            var registry = provider.GetRequiredService<ISchemaRegistryClient>();
            return new IngestSerializers(
                new AvroSerializer<CustomerRecord>(registry),
                new AvroSerializer<OrderRecord>(registry),
                new AvroSerializer<WebEvent>(registry),
                new AvroSerializer<RejectedRecord>(registry));
        });
        services.TryAddSingleton(provider => new ErasurePublisher(
            provider.GetRequiredService<IProducer<string, byte[]>>(), new AvroSerializer<ErasureRequest>(provider.GetRequiredService<ISchemaRegistryClient>())));
        return services;
    }
}
