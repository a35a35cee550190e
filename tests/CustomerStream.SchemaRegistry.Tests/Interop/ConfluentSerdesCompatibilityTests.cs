using System.Reflection;
using System.Text.Json.Nodes;
using Avro;
using Avro.Generic;
using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Tests.Support;
using CustomerStream.Testing;
using ConfluentDeserializer = Confluent.SchemaRegistry.Serdes.AvroDeserializer<Avro.Generic.GenericRecord>;
using ConfluentDeserializerConfig = Confluent.SchemaRegistry.Serdes.AvroDeserializerConfig;
using ConfluentSerializer = Confluent.SchemaRegistry.Serdes.AvroSerializer<Avro.Generic.GenericRecord>;

namespace CustomerStream.SchemaRegistry.Tests.Interop;

/// <summary>
/// Our codec against Confluent's own <c>AvroSerializer&lt;GenericRecord&gt;</c> / <c>AvroDeserializer&lt;GenericRecord&gt;</c>
/// (Confluent.SchemaRegistry.Serdes.Avro 2.16), both over Confluent's client and our embedded registry, for every
/// contract schema and every released version of it: the same value gives byte-identical frames (schema id
/// included), each reads the other's frames to the same values, and schema evolution resolves both ways.
/// </summary>
public sealed class ConfluentSerdesCompatibilityTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private const string AddedNote = "compat_added_note";
    private const string AddedCount = "compat_added_count";

    /// <summary>Each contract with its current schema and with each released version.</summary>
    public static TheoryData<string, string> SchemaVersions()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in ContractSamples.TopLevelContractTypes)
        {
            data.Add(type.FullName!, "current");
            foreach (var version in ReleasedSchemas.VersionsOf(ContractSchemas.FullNameOf(type)))
            {
                data.Add(type.FullName!, $"v{version}");
            }
        }

        return data;
    }

    public static TheoryData<string> ContractTypes() => new(ContractSamples.TopLevelContractTypes.Select(t => t.FullName!));

    [Theory]
    [MemberData(nameof(SchemaVersions))]
    public async Task Ours_and_confluents_serializers_write_identical_frames_and_each_reads_the_others(string typeName, string version)
    {
        var type = ContractSamples.TopLevelContractTypes.Single(t => t.FullName == typeName);
        var schema = version == "current" ? ContractSchemas.For(type) : ReleasedSchemas.Load(ContractSchemas.FullNameOf(type), int.Parse(version[1..]));
        await (Task)Generic(nameof(IdenticalFramesAsync), type).Invoke(this, [schema, version])!;
    }

    [Theory]
    [MemberData(nameof(ContractTypes))]
    public async Task Schema_evolution_resolves_both_ways_between_ours_and_confluents(string typeName)
    {
        var type = ContractSamples.TopLevelContractTypes.Single(t => t.FullName == typeName);
        await (Task)Generic(nameof(EvolutionAsync), type).Invoke(this, [ContractSchemas.For(type)])!;
    }

    private async Task IdenticalFramesAsync<T>(RecordSchema schema, string version)
    {
        var context = new SerializationContext(MessageComponentType.Value, Unique.Name("compat"));
        var ours = new AvroSerializer<T>(registry.Client, schema: schema);
        var theirs = new ConfluentSerializer(registry.Client);
        var oursReader = new AvroDeserializer<T>(registry.Client);
        var theirsReader = new ConfluentDeserializer(registry.Client);
        for (var variant = 0; variant < ContractSamples.VariantCount(schema); variant++)
        {
            var what = $"{schema.Fullname} ({version}) sample {variant}";
            var sample = (T)ContractSamples.Create(typeof(T), schema, variant);
            var generic = GenericDatum.From(sample!, schema);
            var expected = GoldenJson.Render(generic, schema);

            var ourFrame = await ours.SerializeAsync(sample, context);
            var theirFrame = await theirs.SerializeAsync(generic, context);
            Assert.True(ourFrame.AsSpan().SequenceEqual(theirFrame), $"{what}: ours {Convert.ToHexString(ourFrame)} vs Confluent's {Convert.ToHexString(theirFrame)}");

            var readByThem = await theirsReader.DeserializeAsync(ourFrame, isNull: false, context);
            AssertSameJson(expected, GoldenJson.Render(readByThem, schema), $"{what}, our frame read by Confluent");
            var readByUs = await oursReader.DeserializeAsync(theirFrame, isNull: false, context);
            AssertSameJson(expected, GoldenJson.Render(GenericDatum.From(readByUs!, schema), schema), $"{what}, Confluent's frame read by us");
        }
    }

    private async Task EvolutionAsync<T>(RecordSchema current)
    {
        var evolved = Evolve(current);
        // A subject whose latest version is the newer schema (old data, new readers) and one whose latest is the older.
        var towardsNew = new SerializationContext(MessageComponentType.Value, Unique.Name("to-new"));
        var towardsOld = new SerializationContext(MessageComponentType.Value, Unique.Name("to-old"));
        await Register(towardsNew, current, evolved);
        await Register(towardsOld, evolved, current);
        var latest = new ConfluentDeserializerConfig { UseLatestVersion = true };

        for (var variant = 0; variant < ContractSamples.VariantCount(current); variant++)
        {
            var what = $"{current.Fullname} sample {variant}";
            var sample = (T)ContractSamples.Create(typeof(T), current, variant);
            var asCurrent = GenericDatum.From(sample!, current);
            var expected = GoldenJson.Render(asCurrent, current);
            var asEvolved = Widen(asCurrent, evolved, note: "written by a newer producer", count: 42);

            // Old writer, new reader: the reader's added fields take their defaults.
            var ourOld = await new AvroSerializer<T>(registry.Client, schema: current).SerializeAsync(sample, towardsNew);
            var newConfluent = GoldenJson.Render(await new ConfluentDeserializer(registry.Client, latest).DeserializeAsync(ourOld, false, towardsNew), evolved)!.AsObject();
            Assert.Equal((null, 7), ((string?)newConfluent[AddedNote], (int)newConfluent[AddedCount]!));
            AssertSameJson(expected, Without(newConfluent), $"{what}: ours (old) read by Confluent (new)");
            var theirOld = await new ConfluentSerializer(registry.Client).SerializeAsync(asCurrent, towardsNew);
            var newOurs = await new AvroDeserializer<T>(registry.Client, evolved).DeserializeAsync(theirOld, false, towardsNew);
            AssertSameJson(expected, GoldenJson.Render(GenericDatum.From(newOurs!, current), current), $"{what}: Confluent's (old) read by us (new)");

            // New writer, old reader: the writer's added fields are skipped.
            var theirNew = await new ConfluentSerializer(registry.Client).SerializeAsync(asEvolved, towardsOld);
            var oldOurs = await new AvroDeserializer<T>(registry.Client).DeserializeAsync(theirNew, false, towardsOld);
            AssertSameJson(expected, GoldenJson.Render(GenericDatum.From(oldOurs!, current), current), $"{what}: Confluent's (new) read by us (old)");
            var ourNew = await new AvroSerializer<T>(registry.Client, schema: evolved).SerializeAsync(sample, towardsOld);
            var oldConfluent = await new ConfluentDeserializer(registry.Client, latest).DeserializeAsync(ourNew, false, towardsOld);
            AssertSameJson(expected, GoldenJson.Render(oldConfluent, current), $"{what}: ours (new) read by Confluent (old)");
        }
    }

    /// <summary>The next version of a contract as a producer might ship it: two fields added at the end, with defaults.</summary>
    private static RecordSchema Evolve(RecordSchema schema)
    {
        var json = JsonNode.Parse(ContractSchemas.JsonOf(schema.Fullname))!.AsObject();
        var fields = json["fields"]!.AsArray();
        fields.Add(JsonNode.Parse($$"""{"name": "{{AddedNote}}", "type": ["null", "string"], "default": null}"""));
        fields.Add(JsonNode.Parse($$"""{"name": "{{AddedCount}}", "type": "int", "default": 7}"""));
        return (RecordSchema)Schema.Parse(json.ToJsonString());
    }

    private static GenericRecord Widen(GenericRecord record, RecordSchema evolved, string note, int count)
    {
        var widened = new GenericRecord(evolved);
        foreach (var field in record.Schema.Fields)
        {
            widened.Add(field.Name, record[field.Name]);
        }

        widened.Add(AddedNote, note);
        widened.Add(AddedCount, count);
        return widened;
    }

    private static JsonObject Without(JsonObject evolved)
    {
        var copy = evolved.DeepClone().AsObject();
        copy.Remove(AddedNote);
        copy.Remove(AddedCount);
        return copy;
    }

    private async Task Register(SerializationContext context, params RecordSchema[] versions)
    {
        foreach (var version in versions)
        {
            await registry.Client.RegisterSchemaAsync($"{context.Topic}-value", new Confluent.SchemaRegistry.Schema(version.ToString(), Confluent.SchemaRegistry.SchemaType.Avro), normalize: false);
        }
    }

    private static void AssertSameJson(JsonNode? expected, JsonNode? actual, string what) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{what}:\nexpected {expected?.ToJsonString()}\nactual   {actual?.ToJsonString()}");

    private static MethodInfo Generic(string name, Type type) =>
        typeof(ConfluentSerdesCompatibilityTests).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(type);
}
