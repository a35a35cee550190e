using Confluent.Kafka;
using Confluent.SchemaRegistry;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Ingest;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Tests.Support;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.SchemaRegistry.Tests.Serdes;

/// <summary>The serdes inside real Confluent.Kafka producers and consumers, over the embedded Kafka cluster.</summary>
public sealed class KafkaRoundTripTests(RegistryFixture registry, EmbeddedKafkaFixture kafka, ITestOutputHelper output)
    : IClassFixture<RegistryFixture>, IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Orders_produced_with_the_serializer_are_consumed_back_with_the_deserializer()
    {
        var topic = Unique.Name("orders");
        await kafka.CreateTopicAsync(topic, partitions: 3);
        var schema = ContractSchemas.For<OrderRecord>();
        var sent = Enumerable.Range(0, 200)
            .Select(i => (OrderRecord)ContractSamples.Create(typeof(OrderRecord), schema, i))
            .Select((o, i) => { o.OrderId = $"o-{i}"; return o; })
            .ToList();

        using (var producer = new ProducerBuilder<string, OrderRecord>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true })
                   .SetValueSerializer(new AvroSerializer<OrderRecord>(registry.Client).AsSyncSerializer())
                   .Build())
        {
            foreach (var order in sent)
            {
                producer.Produce(topic, new Message<string, OrderRecord> { Key = order.OrderId, Value = order });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        using var consumer = new ConsumerBuilder<string, OrderRecord>(new ConsumerConfig
            {
                BootstrapServers = kafka.BootstrapServers,
                GroupId = Unique.Name("g"),
                AutoOffsetReset = AutoOffsetReset.Earliest,
            })
            .SetValueDeserializer(new AvroDeserializer<OrderRecord>(registry.Client).AsSyncDeserializer())
            .Build();
        consumer.Subscribe(topic);
        var received = new Dictionary<string, OrderRecord>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received.Count < sent.Count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                received[result.Message.Key] = result.Message.Value;
            }
        }

        Assert.Equal(sent.Count, received.Count);
        foreach (var order in sent)
        {
            StructuralAssert.Equal(order, received[order.OrderId], order.OrderId);
        }

        Assert.Contains($"{topic}-value", await registry.Client.GetAllSubjectsAsync());
    }

    [Fact]
    public async Task A_producer_whose_schema_is_incompatible_fails_to_produce_naming_the_field()
    {
        var topic = Unique.Name("refused");
        await kafka.CreateTopicAsync(topic, partitions: 1);
        await registry.Client.RegisterSchemaAsync($"{topic}-value", ContractSchemas.JsonOf("customerstream.ingest.OrderRecord"));
        var changed = Avro.Schema.Parse(ContractSchemas.JsonOf("customerstream.ingest.OrderRecord")
            .Replace("""{"name": "record_hash", "type": "string"}""", """{"name": "record_hash", "type": "string"}, {"name": "loyalty_tier", "type": "string"}""", StringComparison.Ordinal));
        Assert.NotNull(((Avro.RecordSchema)changed).Fields.SingleOrDefault(f => f.Name == "loyalty_tier"));

        using var producer = new ProducerBuilder<string, Incompatible>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers })
            .SetValueSerializer(new AvroSerializer<Incompatible>(registry.Client, schema: changed))
            .Build();

        var error = await Assert.ThrowsAsync<ProduceException<string, Incompatible>>(() =>
            producer.ProduceAsync(topic, new Message<string, Incompatible> { Key = "k", Value = new Incompatible() }));

        output.WriteLine(error.InnerException?.Message);
        Assert.Equal(ErrorCode.Local_ValueSerialization, error.Error.Code);
        var cause = Assert.IsType<SchemaRegistryException>(error.InnerException);
        Assert.Equal(409, cause.ErrorCode);
        Assert.Contains("loyalty_tier", cause.Message);
    }

    /// <summary>An order record that grew a required field without a default.</summary>
    public sealed class Incompatible
    {
        [Avro.Reflect.AvroField("source_system")] public string SourceSystem { get; set; } = "shop";
        [Avro.Reflect.AvroField("order_id")] public string OrderId { get; set; } = "o";
        [Avro.Reflect.AvroField("order_ts")] public DateTime OrderTs { get; set; } = DateTime.UtcNow;
        [Avro.Reflect.AvroField("updated_at")] public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
        [Avro.Reflect.AvroField("status")] public OrderStatus Status { get; set; }
        [Avro.Reflect.AvroField("amount")] public decimal Amount { get; set; }
        [Avro.Reflect.AvroField("currency")] public string Currency { get; set; } = "EUR";
        [Avro.Reflect.AvroField("source_ref")] public string SourceRef { get; set; } = "r";
        [Avro.Reflect.AvroField("ingested_at")] public DateTime IngestedAt { get; set; } = DateTime.UtcNow;
        [Avro.Reflect.AvroField("record_hash")] public string RecordHash { get; set; } = "h";
        [Avro.Reflect.AvroField("loyalty_tier")] public string LoyaltyTier { get; set; } = "gold";
    }
}
