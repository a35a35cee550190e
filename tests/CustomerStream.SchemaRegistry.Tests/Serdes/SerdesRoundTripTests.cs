using Confluent.SchemaRegistry;
using System.Buffers.Binary;
using System.Reflection;
using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Tests.Support;
using CustomerStream.Testing;

namespace CustomerStream.SchemaRegistry.Tests.Serdes;

/// <summary>Every contract through the Confluent-framed serializer and deserializer, with the embedded registry over HTTP.</summary>
public sealed class SerdesRoundTripTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    public static TheoryData<string> ContractTypes() => new(ContractSamples.TopLevelContractTypes.Select(t => t.FullName!));

    [Theory]
    [MemberData(nameof(ContractTypes))]
    public async Task Every_contract_round_trips_through_the_serdes_and_the_registry(string typeName)
    {
        var type = ContractSamples.TopLevelContractTypes.Single(t => t.FullName == typeName);
        var method = typeof(SerdesRoundTripTests).GetMethod(nameof(RoundTripAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;
        await (Task)method.MakeGenericMethod(type).Invoke(this, null)!;
    }

    [Fact]
    public async Task The_frame_is_magic_byte_zero_then_the_registered_id_big_endian()
    {
        var topic = Unique.Name("frame");
        var serializer = new AvroSerializer<Order>(registry.Client, schema: TestSchemas.Order);

        var bytes = await serializer.SerializeAsync(TestSchemas.SampleOrder(), new SerializationContext(MessageComponentType.Value, topic));

        var latest = await registry.Client.GetLatestSchemaAsync($"{topic}-value");
        Assert.Equal(0, bytes[0]);
        Assert.Equal(latest.Id, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4)));
        Assert.Equal(1, latest.Version);
    }

    [Fact]
    public async Task Keys_are_registered_under_the_key_subject()
    {
        var topic = Unique.Name("keys");
        var serializer = new AvroSerializer<string>(registry.Client, schema: Avro.Schema.Parse("\"string\""));

        var bytes = await serializer.SerializeAsync("c360_abc", new SerializationContext(MessageComponentType.Key, topic));
        var back = await new AvroDeserializer<string>(registry.Client, Avro.Schema.Parse("\"string\""))
            .DeserializeAsync(bytes, false, new SerializationContext(MessageComponentType.Key, topic));

        Assert.Equal("c360_abc", back);
        Assert.Contains($"{topic}-key", await registry.Client.GetAllSubjectsAsync());
        Assert.DoesNotContain($"{topic}-value", await registry.Client.GetAllSubjectsAsync());
    }

    [Fact]
    public async Task The_sync_adapters_work_in_a_plain_loop()
    {
        var topic = Unique.Name("sync");
        var serializer = new AvroSerializer<Order>(registry.Client, schema: TestSchemas.Order).AsSyncSerializer();
        var deserializer = new AvroDeserializer<Order>(registry.Client, TestSchemas.Order).AsSyncDeserializer();
        var context = new SerializationContext(MessageComponentType.Value, topic);

        for (var i = 0; i < 100; i++)
        {
            var order = TestSchemas.SampleOrder();
            order.Version = i;
            var back = deserializer.Deserialize(serializer.Serialize(order, context), false, context);
            Assert.Equal(i, back.Version);
        }
    }

    [Fact]
    public async Task A_tombstone_deserializes_to_null()
    {
        var deserializer = new AvroDeserializer<Order>(registry.Client, TestSchemas.Order);

        Assert.Null(await deserializer.DeserializeAsync(ReadOnlyMemory<byte>.Empty, true, new SerializationContext(MessageComponentType.Value, "t")));
        Assert.Null(deserializer.AsSyncDeserializer().Deserialize(ReadOnlySpan<byte>.Empty, true, new SerializationContext(MessageComponentType.Value, "t")));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a' }, "looks like JSON")]
    [InlineData(new byte[] { 0, 0, 1 }, "only 3 byte(s)")]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 2 }, "0x01")]
    public async Task Bytes_that_are_not_confluent_framed_are_refused_with_what_they_look_like(byte[] data, string hint)
    {
        var deserializer = new AvroDeserializer<Order>(registry.Client, TestSchemas.Order);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            deserializer.DeserializeAsync(data, false, new SerializationContext(MessageComponentType.Value, "orders")));

        Assert.Contains(hint, error.Message);
        Assert.Contains("'orders'", error.Message);
    }

    [Fact]
    public async Task Without_auto_registration_the_schema_must_already_be_registered()
    {
        var topic = Unique.Name("noauto");
        var config = new AvroSerializerConfig { AutoRegisterSchemas = false };
        var serializer = new AvroSerializer<Order>(registry.Client, config, TestSchemas.Order);
        var context = new SerializationContext(MessageComponentType.Value, topic);

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => serializer.SerializeAsync(TestSchemas.SampleOrder(), context));
        Assert.Equal(40401, error.ErrorCode);
        Assert.Contains($"'{topic}-value'", error.Message);

        var id = await registry.Client.RegisterSchemaAsync($"{topic}-value", TestSchemas.OrderJson);
        var bytes = await new AvroSerializer<Order>(registry.Client, config, TestSchemas.Order).SerializeAsync(TestSchemas.SampleOrder(), context);
        Assert.Equal(id, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4)));
    }

    [Fact]
    public async Task A_schema_id_once_seen_is_decoded_without_the_registry()
    {
        var topic = Unique.Name("cached");
        await using var server = await registry.StartServerAsync();
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = server.Url, MaxRetries = 1 });
        var context = new SerializationContext(MessageComponentType.Value, topic);
        var bytes = await new AvroSerializer<Order>(client, schema: TestSchemas.Order).SerializeAsync(TestSchemas.SampleOrder(), context);
        var deserializer = new AvroDeserializer<Order>(client, TestSchemas.Order);
        await deserializer.DeserializeAsync(bytes, false, context);

        await server.StopAsync();

        Assert.Equal("o-1", (await deserializer.DeserializeAsync(bytes, false, context)).OrderId);
        Assert.Equal("o-1", deserializer.AsSyncDeserializer().Deserialize(bytes, false, context).OrderId);
    }

    private async Task RoundTripAsync<T>()
    {
        var topic = Unique.Name("contract");
        var schema = ContractSchemas.For<T>();
        var serializer = new AvroSerializer<T>(registry.Client);
        var deserializer = new AvroDeserializer<T>(registry.Client);
        var context = new SerializationContext(MessageComponentType.Value, topic);
        for (var variant = 0; variant < ContractSamples.VariantCount(schema); variant++)
        {
            var sample = (T)ContractSamples.Create(typeof(T), schema, variant);

            var bytes = await serializer.SerializeAsync(sample, context);
            var back = await deserializer.DeserializeAsync(bytes, false, context);

            StructuralAssert.Equal(sample, back, $"{typeof(T).Name}#{variant}");
        }

        // The registered text is the .avsc as written, docs included.
        var registered = await registry.Client.GetLatestSchemaAsync($"{topic}-value");
        Assert.Equal(Avro.Schema.Parse(ContractSchemas.JsonOf(ContractSchemas.FullNameOf(typeof(T)))).ToString(), registered.SchemaString);
    }
}
