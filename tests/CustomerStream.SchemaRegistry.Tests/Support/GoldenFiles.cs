using Avro;
using CustomerStream.Contracts;
using CustomerStream.SchemaRegistry.Codec;
using CustomerStream.SchemaRegistry.Serdes;

namespace CustomerStream.SchemaRegistry.Tests.Support;

/// <summary>
/// The golden messages of <c>contracts/golden</c>, read by the tests; written again from the contract samples
/// only when <c>CS_REGENERATE_GOLDEN=1</c> is set (a deliberate change of the published bytes, reviewed in git).
/// Regeneration writes the latest released version of each public topic's schema; folders of older versions
/// stay as they were, so that what was once published keeps being checked.
/// </summary>
public sealed class GoldenFiles : IAsyncLifetime
{
    public const string RegenerateVariable = "CS_REGENERATE_GOLDEN";

    public string Folder { get; } = ContractsFolder.Find("golden");

    public GoldenManifest Manifest { get; private set; } = null!;

    public static IReadOnlyList<TopicDefinition> PublicTopics { get; } = Topics.All.Where(t => t.IsPublic && t.ValueType is not null).ToList();

    public Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            Regenerate();
        }

        Manifest = GoldenManifest.Load(Folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public byte[] Frame(GoldenMessage message) => File.ReadAllBytes(Path.Combine(Folder, message.Frame));

    public System.Text.Json.Nodes.JsonNode? Expected(GoldenMessage message) =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, message.Expected)));

    public RecordSchema Schema(GoldenSchema schema) => (RecordSchema)Avro.Schema.Parse(File.ReadAllText(Path.Combine(Folder, schema.Schema)));

    private void Regenerate()
    {
        var existing = File.Exists(Path.Combine(Folder, GoldenManifest.FileName)) ? GoldenManifest.Load(Folder).Schemas : [];
        var schemas = new List<GoldenSchema>();
        foreach (var topic in PublicTopics)
        {
            var record = ContractSchemas.FullNameOf(topic.ValueType!);
            var latest = ReleasedSchemas.VersionsOf(record).Max();
            foreach (var kept in existing.Where(s => s.Topic == topic.Name && s.Version != latest))
            {
                schemas.Add(kept);
            }

            var id = existing.SingleOrDefault(s => s.Topic == topic.Name && s.Version == latest)?.SchemaId
                     ?? existing.Select(s => s.SchemaId).Concat(schemas.Select(s => s.SchemaId)).DefaultIfEmpty(0).Max() + 1;
            schemas.Add(Write(topic, record, latest, id));
        }

        new GoldenManifest("Confluent wire format: byte 0, the schema id as a 4-byte big-endian integer, then the Avro binary encoding of the value", schemas).Save(Folder);
    }

    private GoldenSchema Write(TopicDefinition topic, string record, int version, int schemaId)
    {
        var relative = Path.Combine(topic.Name, $"v{version}");
        var folder = Path.Combine(Folder, relative);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var schema = ReleasedSchemas.Load(record, version);
        var method = typeof(GoldenFiles).GetMethod(nameof(Encode), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(topic.ValueType!);
        var messages = new List<GoldenMessage>();
        for (var variant = 0; variant < ContractSamples.VariantCount(schema); variant++)
        {
            var sample = ContractSamples.Create(topic.ValueType!, schema, variant);
            File.WriteAllBytes(Path.Combine(folder, $"{variant}.bin"), (byte[])method.Invoke(null, [sample, schema, schemaId])!);
            File.WriteAllText(Path.Combine(folder, $"{variant}.json"), GoldenManifest.Serialize(GoldenJson.Render(GenericDatum.From(sample, schema), schema)));
            messages.Add(new GoldenMessage(
                $"{relative}/{variant}.bin",
                $"{relative}/{variant}.json",
                variant == 0 ? "optional fields null, collections empty" : $"every field set (sample {variant})"));
        }

        return new GoldenSchema(topic.Name, SubjectNames.ForValue(topic.Name), record, version,
            $"../schemas/released/{record}/v{version}.avsc", schemaId, messages);
    }

    private static byte[] Encode<T>(T value, RecordSchema schema, int schemaId) =>
        new ConfluentAvroEncoder<T>(SubjectNames.ForValue("golden"), schemaId, AvroCodec.Writer<T>(schema)).Encode(value);
}
