using System.Diagnostics;
using System.Text.Json.Nodes;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using CustomerStream.Contracts;
using CustomerStream.SchemaRegistry.Codec;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Server;
using CustomerStream.SchemaRegistry.Tests.Support;
using ConfluentDeserializer = Confluent.SchemaRegistry.Serdes.AvroDeserializer<Avro.Generic.GenericRecord>;
using ConfluentSerializer = Confluent.SchemaRegistry.Serdes.AvroSerializer<Avro.Generic.GenericRecord>;

namespace CustomerStream.SchemaRegistry.Tests.Interop;

/// <summary>
/// The golden messages of <c>contracts/golden</c> (one folder per public topic and released schema version):
/// our codec must write exactly those bytes and read them to the expected JSON, Confluent's serdes must read
/// and write them the same way, and Python's Avro implementation must agree. A failure here means the bytes
/// the product publishes changed: a consumer somewhere would see it. Regenerate deliberately (see the README).
/// </summary>
public sealed class GoldenMessageTests(GoldenFiles golden, RegistryFixture registry) : IClassFixture<GoldenFiles>, IClassFixture<RegistryFixture>
{
    [Fact]
    public void Every_public_topic_has_golden_messages_for_every_released_version_of_its_schema()
    {
        foreach (var topic in GoldenFiles.PublicTopics)
        {
            var record = ContractSchemas.FullNameOf(topic.ValueType!);
            var versions = golden.Manifest.Schemas.Where(s => s.Topic == topic.Name).ToList();
            Assert.Equal(ReleasedSchemas.VersionsOf(record), versions.Select(s => s.Version).Order());
            Assert.All(versions, s =>
            {
                Assert.Equal((SubjectNames.ForValue(topic.Name), record), (s.Subject, s.Record));
                Assert.Equal(File.ReadAllText(ReleasedSchemas.PathOf(record, s.Version)), File.ReadAllText(Path.Combine(golden.Folder, s.Schema)));
                Assert.True(s.Messages.Count >= 2, $"{topic.Name} v{s.Version} needs a minimal and a full message");
            });
        }

        Assert.Equal(golden.Manifest.Schemas.Count, golden.Manifest.Schemas.Select(s => s.SchemaId).Distinct().Count());
        Assert.Equal(GoldenFiles.PublicTopics.Count, golden.Manifest.Schemas.Select(s => s.Topic).Distinct().Count());
    }

    [Fact]
    public void Our_codec_writes_every_golden_frame_byte_for_byte_and_reads_it_to_the_expected_json()
    {
        foreach (var (schema, message) in Messages())
        {
            var type = Topics.All.Single(t => t.Name == schema.Topic).ValueType!;
            typeof(GoldenMessageTests).GetMethod(nameof(CheckOurs), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(type).Invoke(this, [schema, message]);
        }
    }

    [Fact]
    public async Task Confluents_serdes_read_every_golden_frame_from_a_registry_and_write_it_back_byte_for_byte()
    {
        // A registry of its own, given the golden schemas in id order, hands out the ids the frames carry.
        await using var server = await EmbeddedSchemaRegistry.StartAsync(new SchemaRegistryServerOptions
        {
            ConnectionString = registry.ConnectionString,
            DatabaseSchema = "sr_" + Guid.NewGuid().ToString("N")[..10],
        });
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = server.Url });
        foreach (var schema in golden.Manifest.Schemas.OrderBy(s => s.SchemaId))
        {
            var id = await client.RegisterSchemaAsync(schema.Subject, new Schema(File.ReadAllText(Path.Combine(golden.Folder, schema.Schema)), SchemaType.Avro), normalize: false);
            Assert.True(id == schema.SchemaId, $"{schema.Topic} v{schema.Version}: the registry gave id {id}, the golden frames carry {schema.SchemaId}");
        }

        var deserializer = new ConfluentDeserializer(client);
        var serializer = new ConfluentSerializer(client);
        foreach (var (schema, message) in Messages())
        {
            var context = new SerializationContext(MessageComponentType.Value, schema.Topic);
            var frame = golden.Frame(message);
            var read = await deserializer.DeserializeAsync(frame, isNull: false, context);
            AssertSameJson(golden.Expected(message), GoldenJson.Render(read, golden.Schema(schema)), $"{message.Frame} read by Confluent");
            var written = await serializer.SerializeAsync(read, context);
            Assert.True(frame.AsSpan().SequenceEqual(written), $"{message.Frame}: Confluent wrote {Convert.ToHexString(written)}, the golden frame is {Convert.ToHexString(frame)}");
        }
    }

    [Fact]
    public async Task Pythons_avro_decodes_every_golden_frame_to_the_expected_json_and_encodes_it_back_to_the_same_bytes()
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(golden.Folder, "check_golden.py"));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        var errors = await stderr;
        Assert.True(process.ExitCode == 0, errors.Contains("No module named", StringComparison.Ordinal)
            ? $"Python lacks a module: install Debian's python3-avro (./test.sh does). {errors}"
            : $"check_golden.py failed ({process.ExitCode}): {errors}{await stdout}");
        Assert.Equal($"{Messages().Count()} golden messages OK", (await stdout).Trim().Split('\n')[^1]);
    }

    private void CheckOurs<T>(GoldenSchema schema, GoldenMessage message)
    {
        var writer = golden.Schema(schema);
        var frame = golden.Frame(message);
        var id = ConfluentWireFormat.ReadHeader(frame, out var payload, schema.Topic);
        Assert.Equal(schema.SchemaId, id);

        // Read as a consumer on today's contract does, then as the golden version's fields.
        var value = AvroCodec.Reader<T>(writer, ContractSchemas.For<T>()).Read(payload);
        AssertSameJson(golden.Expected(message), GoldenJson.Render(GenericDatum.From(value!, writer), writer), $"{message.Frame} read by our codec");

        var written = new ConfluentAvroEncoder<T>(schema.Subject, schema.SchemaId, AvroCodec.Writer<T>(writer)).Encode(value);
        Assert.True(frame.AsSpan().SequenceEqual(written), $"{message.Frame}: our codec wrote {Convert.ToHexString(written)}, the golden frame is {Convert.ToHexString(frame)}");
    }

    private IEnumerable<(GoldenSchema Schema, GoldenMessage Message)> Messages() =>
        golden.Manifest.Schemas.SelectMany(s => s.Messages.Select(m => (s, m)));

    private static void AssertSameJson(JsonNode? expected, JsonNode? actual, string what) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{what}:\nexpected {expected?.ToJsonString()}\nactual   {actual?.ToJsonString()}");
}
