using Confluent.Kafka;
using Confluent.SchemaRegistry;
using CustomerStream.Aggregator.Processing;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Serialization;
using CustomerStream.Streaming.State;
using CustomerStream.Streaming.Topics;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Aggregator.Hosting;

/// <summary>
/// The aggregator as a stream topology: task <c>p</c> reads partition <c>p</c> of the identity facts and
/// of the transfer topic (co-partitioned), keeps its customers in RocksDB, and publishes Avro changes
/// (Confluent wire format, subjects <c>&lt;topic&gt;-value</c>) keyed by Customer360 ID.
/// </summary>
public sealed class AggregatorTopology
{
    /// <summary>Customer states by Customer360 ID (the aggregator's binary state format).</summary>
    internal static readonly KeyValueStoreDefinition<string, StoredCustomer> CustomersStore =
        new("customers", Serdes.Utf8, StoredCustomer.Serde, StoreKind.RocksDb);

    /// <summary>The task state (fact watermark, parked transfers, batch count), one entry per task.</summary>
    internal static readonly KeyValueStoreDefinition<string, byte[]> TaskStore =
        new("task", Serdes.Utf8, RawBytes, StoreKind.RocksDb);

    private readonly ILoggerFactory _loggers;

    /// <summary>Wires the topology to a registry, the aggregator's metrics and a clock (only for a batch whose inputs carry no timestamp).</summary>
    public AggregatorTopology(ISchemaRegistryClient registry, AggregatorMetrics metrics, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        Facts = new AvroDeserializer<IdentityFact>(registry);
        // Synchronous: outputs are encoded when forwarded, so a batch holds their bytes rather than the objects
        // (only the first output of a topic waits for the registry).
        Changes = new OutputTopic<string, CustomerChange>(Topics.AggregateChanges, Serializers.Utf8, new AvroSerializer<CustomerChange>(registry).AsSyncSerializer());
        Profiles = new OutputTopic<string, CustomerProfileChanged>(
            Topics.CustomerProfileChanged, Serializers.Utf8, new AvroSerializer<CustomerProfileChanged>(registry).AsSyncSerializer());
        Metrics = metrics;
        Time = time;
        _loggers = loggers;
    }

    /// <summary>The topics the aggregator reads.</summary>
    public static IReadOnlyList<string> InputTopics { get; } = [Topics.IdentityFacts, Topics.AggregatorStateTransfers];

    internal AvroDeserializer<IdentityFact> Facts { get; }

    internal OutputTopic<string, CustomerChange> Changes { get; }

    internal OutputTopic<string, CustomerProfileChanged> Profiles { get; }

    internal AggregatorMetrics Metrics { get; }

    internal TimeProvider Time { get; }

    /// <summary>The runtime's topology: inputs, stores, and a processor per task.</summary>
    public StreamTopology Build() => new(
        InputTopics,
        [CustomersStore, TaskStore],
        context => new AggregatorProcessor(context, this, _loggers.CreateLogger<AggregatorProcessor>()))
    {
        DeadLetterTopic = new InternalTopicSpec(Topics.AggregatorDeadLetters, 1, Topics.Get(Topics.AggregatorDeadLetters).KafkaConfig(-1)),
        RetryOn = SchemaRegistryFailures.IsUnavailable,
    };

    // Store values are arrays the aggregator made and never touches again: no defensive copy on the way in.
    private static ISerde<byte[]> RawBytes => Serdes.Create(static value => value, static data => data.ToArray());
}
