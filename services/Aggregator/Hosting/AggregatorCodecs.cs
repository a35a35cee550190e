using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.Streaming.Processing;

namespace CustomerStream.Aggregator.Hosting;

/// <summary>The aggregator's Avro serdes (Confluent wire format, schemas from the registry), keyed by Customer360 ID.</summary>
public sealed class AggregatorCodecs
{
    /// <summary>Creates the serdes over one registry client.</summary>
    public AggregatorCodecs(ISchemaRegistryClient registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Facts = new AvroDeserializer<IdentityFact>(registry).AsSyncDeserializer();
        Changes = new OutputTopic<string, CustomerChange>(Topics.AggregateChanges, Serializers.Utf8, new AvroSerializer<CustomerChange>(registry).AsSyncSerializer());
        Profiles = new OutputTopic<string, CustomerProfileChanged>(Topics.CustomerProfileChanged, Serializers.Utf8, new AvroSerializer<CustomerProfileChanged>(registry).AsSyncSerializer());
    }

    internal IDeserializer<IdentityFact> Facts { get; }

    /// <summary><c>aggregate.customer-changes.v1</c>.</summary>
    public OutputTopic<string, CustomerChange> Changes { get; }

    /// <summary><c>customer.profile-changed.v1</c>.</summary>
    public OutputTopic<string, CustomerProfileChanged> Profiles { get; }
}
