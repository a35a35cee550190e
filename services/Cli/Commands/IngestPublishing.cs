using Confluent.Kafka;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest;
using CustomerStream.Ingest.Publishing;
using CustomerStream.Kafka;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerStream.Cli.Commands;

/// <summary>
/// The ingest library with what it needs to publish: the shared idempotent producer (string keys, Avro
/// values) and the Avro serializers of the four ingest topics over the Schema Registry (<c>SchemaRegistry:Url</c>).
/// Used by <c>ingest</c> (files) and <c>run ingest-api</c>.
/// </summary>
internal static class IngestPublishing
{
    public static IServiceCollection AddIngestPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCustomerStreamKafka(configuration);
        services.AddSchemaRegistryClient(o => configuration.GetSection("SchemaRegistry").Bind(o));
        services.AddIngest(configuration);
        services.TryAddSingleton<IProducer<string, byte[]>>(sp =>
        {
            var clients = sp.GetRequiredService<KafkaClientFactory>();
            var config = clients.CreateProducerConfig("ingest");
            // A record Kafka has not acknowledged within the ingest's delivery timeout fails the run, not hangs it.
            config.MessageTimeoutMs = sp.GetRequiredService<IOptions<IngestOptions>>().Value.DeliveryTimeoutMs;
            return clients.CreateProducerBuilder<string, byte[]>(config).Build();
        });
        services.TryAddSingleton(sp =>
        {
            var registry = sp.GetRequiredService<ISchemaRegistryClient>();
            return new IngestSerializers(
                new AvroSerializer<CustomerRecord>(registry),
                new AvroSerializer<OrderRecord>(registry),
                new AvroSerializer<WebEvent>(registry),
                new AvroSerializer<RejectedRecord>(registry));
        });
        return services;
    }
}
