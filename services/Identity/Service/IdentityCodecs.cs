using Confluent.Kafka;
using Confluent.SchemaRegistry;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Erasure;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.Streaming.Processing;

namespace CustomerStream.Identity.Service;

/// <summary>
/// The identity service's serdes: the erasure ledger and the ingest records it reads (Avro, Confluent wire format, writer schema
/// resolved to the contract's) and the three streams it writes, keyed by UTF-8 strings.
/// </summary>
public sealed class IdentityCodecs
{
    /// <summary>Creates the serdes over one registry client (their schema-id caches are shared through it).</summary>
    public IdentityCodecs(ISchemaRegistryClient registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Customers = new AvroDeserializer<CustomerRecord>(registry).AsSyncDeserializer();
        Orders = new AvroDeserializer<OrderRecord>(registry).AsSyncDeserializer();
        WebEvents = new AvroDeserializer<WebEvent>(registry).AsSyncDeserializer();
        Erasures = new AvroDeserializer<ErasureRequest>(registry).AsSyncDeserializer();
        Erased = new OutputTopic<string, CustomerErased>(Topics.CustomerErased, Serializers.Utf8, new AvroSerializer<CustomerErased>(registry).AsSyncSerializer());
        Facts = new OutputTopic<string, IdentityFact>(Topics.IdentityFacts, Serializers.Utf8, new AvroSerializer<IdentityFact>(registry).AsSyncSerializer());
        Links = new OutputTopic<string, IdentityLink>(Topics.IdentityLinks, Serializers.Utf8, new AvroSerializer<IdentityLink>(registry).AsSyncSerializer());
        Merges = new OutputTopic<string, CustomerMerged>(Topics.CustomerMerged, Serializers.Utf8, new AvroSerializer<CustomerMerged>(registry).AsSyncSerializer());
    }

    internal IDeserializer<CustomerRecord> Customers { get; }

    internal IDeserializer<OrderRecord> Orders { get; }

    internal IDeserializer<WebEvent> WebEvents { get; }

    internal IDeserializer<ErasureRequest> Erasures { get; }

    /// <summary><c>identity.customer-facts.v1</c>, keyed by Customer360 ID.</summary>
    public OutputTopic<string, IdentityFact> Facts { get; }

    /// <summary><c>identity.links.v1</c>, keyed by identifier.</summary>
    public OutputTopic<string, IdentityLink> Links { get; }

    /// <summary><c>customer.merged.v1</c>, keyed by the merged-away Customer360 ID.</summary>
    public OutputTopic<string, CustomerMerged> Merges { get; }

    /// <summary><c>customer.erased.v1</c>, keyed by the erased Customer360 ID.</summary>
    public OutputTopic<string, CustomerErased> Erased { get; }
}
