using Avro;
using Avro.Reflect;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Schema = Avro.Schema;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Tests.Support;
using CustomerStream.Testing;

namespace CustomerStream.SchemaRegistry.Tests.Serdes;

/// <summary>Producers and consumers on different versions of a schema, through the registry, as deployments roll.</summary>
public sealed class SerdesEvolutionTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private static readonly Schema V1 = Schema.Parse("""
        {"type": "record", "name": "Profile", "namespace": "test", "fields": [
          {"name": "customer_id", "type": "string"},
          {"name": "email", "type": ["null", "string"], "default": null},
          {"name": "lifetime_value", "type": {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 4}}
        ]}
        """);

    // v2 adds an optional field with a default: compatible both ways (FULL).
    private static readonly Schema V2 = Schema.Parse("""
        {"type": "record", "name": "Profile", "namespace": "test", "fields": [
          {"name": "customer_id", "type": "string"},
          {"name": "email", "type": ["null", "string"], "default": null},
          {"name": "lifetime_value", "type": {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 4}},
          {"name": "tier", "type": "string", "default": "Bronze"}
        ]}
        """);

    // v3 adds a field without a default: new readers cannot read old data, so BACKWARD refuses it.
    private static readonly Schema V3Incompatible = Schema.Parse("""
        {"type": "record", "name": "Profile", "namespace": "test", "fields": [
          {"name": "customer_id", "type": "string"},
          {"name": "email", "type": ["null", "string"], "default": null},
          {"name": "lifetime_value", "type": {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 4}},
          {"name": "loyalty_tier", "type": "string"}
        ]}
        """);

    [Fact]
    public async Task An_old_consumer_keeps_reading_after_a_compatible_change_and_a_new_one_reads_old_data()
    {
        var topic = Unique.Name("evolve");
        await registry.Client.UpdateCompatibilityAsync(Confluent.SchemaRegistry.Compatibility.Full, $"{topic}-value");
        var context = new SerializationContext(MessageComponentType.Value, topic);
        var fromV1 = await new AvroSerializer<ProfileV1>(registry.Client, schema: V1)
            .SerializeAsync(new ProfileV1 { CustomerId = "c1", Email = "a@x.io", LifetimeValue = 10.5m }, context);
        var fromV2 = await new AvroSerializer<ProfileV2>(registry.Client, schema: V2)
            .SerializeAsync(new ProfileV2 { CustomerId = "c2", LifetimeValue = 1200m, Tier = "Platinum" }, context);

        var oldConsumer = new AvroDeserializer<ProfileV1>(registry.Client, V1);
        var newConsumer = new AvroDeserializer<ProfileV2>(registry.Client, V2);

        var oldReadsNew = await oldConsumer.DeserializeAsync(fromV2, false, context);
        Assert.Equal(("c2", 1200m), (oldReadsNew.CustomerId, oldReadsNew.LifetimeValue));
        var newReadsOld = await newConsumer.DeserializeAsync(fromV1, false, context);
        Assert.Equal(("c1", "a@x.io", 10.5m, "Bronze"), (newReadsOld.CustomerId, newReadsOld.Email, newReadsOld.LifetimeValue, newReadsOld.Tier));
        Assert.Equal("Platinum", (await newConsumer.DeserializeAsync(fromV2, false, context)).Tier);
        Assert.Equal(new[] { 1, 2 }, await registry.Client.GetSubjectVersionsAsync($"{topic}-value"));
    }

    [Fact]
    public async Task A_producer_with_an_incompatible_schema_fails_with_a_message_naming_the_field()
    {
        var topic = Unique.Name("refuse");
        var context = new SerializationContext(MessageComponentType.Value, topic);
        await new AvroSerializer<ProfileV1>(registry.Client, schema: V1).SerializeAsync(new ProfileV1 { CustomerId = "c1" }, context);
        var producer = new AvroSerializer<ProfileV3>(registry.Client, schema: V3Incompatible);

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => producer.SerializeAsync(new ProfileV3 { CustomerId = "c1", LoyaltyTier = "x" }, context));

        Assert.Equal(409, error.ErrorCode);
        Assert.Contains("loyalty_tier", error.Message);
        Assert.Contains($"'{topic}-value'", error.Message);
        Assert.Contains("test.Profile", error.Message);
        Assert.Contains("BACKWARD", error.Message);
        // The sync path (Produce) fails the same way.
        var sync = Assert.Throws<SchemaRegistryException>(() => producer.AsSyncSerializer().Serialize(new ProfileV3 { CustomerId = "c1" }, context));
        Assert.Contains("loyalty_tier", sync.Message);
        Assert.Equal(new[] { 1 }, await registry.Client.GetSubjectVersionsAsync($"{topic}-value"));
    }

    [Fact]
    public async Task A_consumer_that_cannot_resolve_a_writer_schema_says_which_id_and_field()
    {
        var topic = Unique.Name("unresolvable");
        var context = new SerializationContext(MessageComponentType.Value, topic);
        await registry.Client.UpdateCompatibilityAsync(Confluent.SchemaRegistry.Compatibility.None, $"{topic}-value");
        var bytes = await new AvroSerializer<ProfileV1>(registry.Client, schema: V1).SerializeAsync(new ProfileV1 { CustomerId = "c1" }, context);

        var error = await Assert.ThrowsAsync<CustomerStream.SchemaRegistry.Codec.AvroMappingException>(() =>
            new AvroDeserializer<ProfileV3>(registry.Client, V3Incompatible).DeserializeAsync(bytes, false, context));

        Assert.Contains("loyalty_tier", error.Message);
        Assert.Contains("schema id", error.Message);
        Assert.Contains(topic, error.Message);
    }

    public sealed class ProfileV1
    {
        [AvroField("customer_id")] public string CustomerId { get; set; } = "";
        [AvroField("email")] public string? Email { get; set; }
        [AvroField("lifetime_value")] public decimal LifetimeValue { get; set; }
    }

    public sealed class ProfileV2
    {
        [AvroField("customer_id")] public string CustomerId { get; set; } = "";
        [AvroField("email")] public string? Email { get; set; }
        [AvroField("lifetime_value")] public decimal LifetimeValue { get; set; }
        [AvroField("tier")] public string Tier { get; set; } = "";
    }

    public sealed class ProfileV3
    {
        [AvroField("customer_id")] public string CustomerId { get; set; } = "";
        [AvroField("email")] public string? Email { get; set; }
        [AvroField("lifetime_value")] public decimal LifetimeValue { get; set; }
        [AvroField("loyalty_tier")] public string LoyaltyTier { get; set; } = "";
    }
}
