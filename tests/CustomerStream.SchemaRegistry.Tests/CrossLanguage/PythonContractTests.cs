using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Avro;
using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.SchemaRegistry.Codec.Internal;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Tests.Support;
using CustomerStream.Testing;

namespace CustomerStream.SchemaRegistry.Tests.CrossLanguage;

/// <summary>
/// The contract test with an independent Avro implementation: Python's <c>python3-avro</c> (Debian)
/// takes the bytes our serializer produced, fetches the writer schema from our registry's REST API
/// by the id in the frame, decodes them, and must see the values we wrote, decimals and timestamps included.
/// </summary>
public sealed class PythonContractTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Python_avro_decodes_every_contract_we_produce_to_the_same_values()
    {
        var directory = Directory.CreateTempSubdirectory("cs-python-contract-");
        try
        {
            var expected = new Dictionary<string, (Schema Schema, object Value)>();
            foreach (var type in ContractSamples.TopLevelContractTypes)
            {
                var method = typeof(PythonContractTests).GetMethod(nameof(ProduceAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;
                var produced = await (Task<IReadOnlyList<(byte[] Bytes, object Value)>>)method.MakeGenericMethod(type).Invoke(this, null)!;
                var schema = ContractSchemas.For(type);
                for (var i = 0; i < produced.Count; i++)
                {
                    var file = Path.Combine(directory.FullName, $"{type.Name}-{i}.bin");
                    await File.WriteAllBytesAsync(file, produced[i].Bytes);
                    expected[file] = (schema, produced[i].Value);
                }
            }

            var lines = await RunPythonAsync([registry.Url, .. expected.Keys]);

            Assert.True(expected.Count >= 2 * ContractSamples.TopLevelContractTypes.Count, "every contract produced its samples");
            Assert.Equal(expected.Count, lines.Count);
            foreach (var line in lines)
            {
                var file = line["file"]!.GetValue<string>();
                var (schema, value) = expected[file];
                AssertMatches(schema, value, line["value"], Path.GetFileName(file));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task<IReadOnlyList<(byte[] Bytes, object Value)>> ProduceAsync<T>()
    {
        var schema = ContractSchemas.For<T>();
        var serializer = new AvroSerializer<T>(registry.Client);
        var context = new SerializationContext(MessageComponentType.Value, Unique.Name("py"));
        var produced = new List<(byte[], object)>();
        for (var variant = 0; variant < ContractSamples.VariantCount(schema); variant++)
        {
            var value = (T)ContractSamples.Create(typeof(T), schema, variant);
            produced.Add((await serializer.SerializeAsync(value, context), value!));
        }

        return produced;
    }

    private static async Task<IReadOnlyList<JsonNode>> RunPythonAsync(IReadOnlyList<string> arguments)
    {
        // Debian's interpreter is the one that has python3-avro; a pyenv or venv python3 earlier on PATH may not.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CrossLanguage", "decode_confluent.py"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        var errors = await stderr;
        Assert.True(
            process.ExitCode == 0,
            errors.Contains("No module named", StringComparison.Ordinal)
                ? $"Python lacks a module: install Debian's python3-avro and python3-requests (apt-get install -y python3-avro python3-requests; ./test.sh does). {errors}"
                : $"decode_confluent.py failed ({process.ExitCode}): {errors}");
        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
    }

    /// <summary>Compares a value we wrote with what Python decoded, guided by the schema, failing with the path.</summary>
    private static void AssertMatches(Schema schema, object? value, JsonNode? json, string path)
    {
        switch (schema)
        {
            case UnionSchema union:
                if (value is null)
                {
                    Assert.True(json is null, $"{path}: expected null, Python saw {json?.ToJsonString()}");
                    return;
                }

                var branch = union.Schemas.Where(s => s.Tag != Schema.Type.Null)
                    .First(s => s is not RecordSchema record || ClrTypes.IsMappingOf(value.GetType(), record));
                AssertMatches(branch, value, json, path);
                return;
            case LogicalSchema { LogicalTypeName: "decimal" }:
                Assert.True(decimal.Parse(json!.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture) == (decimal)value!, $"{path}: expected {value}, Python saw {json}");
                return;
            case LogicalSchema { LogicalTypeName: "timestamp-millis" }:
                var expectedMillis = value is DateTimeOffset offset ? offset.ToUnixTimeMilliseconds() : new DateTimeOffset((DateTime)value!).ToUnixTimeMilliseconds();
                Assert.True(json!.GetValue<long>() == expectedMillis, $"{path}: expected {value:O} ({expectedMillis} ms), Python saw {json}");
                return;
            case LogicalSchema { LogicalTypeName: "date" }:
                var expectedDate = value is DateOnly d ? d : DateOnly.FromDateTime((DateTime)value!);
                Assert.Equal(expectedDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), json!.GetValue<string>());
                return;
            case LogicalSchema logical:
                AssertMatches(logical.BaseSchema, value, json, path);
                return;
            case RecordSchema record:
                var fields = json!.AsObject();
                Assert.Equal(record.Fields.Count, fields.Count);
                foreach (var field in record.Fields)
                {
                    var property = ClrTypes.PropertyFor(value!.GetType(), field)!;
                    AssertMatches(field.Schema, property.GetValue(value), fields[field.Name], $"{path}.{field.Name}");
                }

                return;
            case EnumSchema:
                Assert.Equal(value!.ToString(), json!.GetValue<string>());
                return;
            case ArraySchema array:
                var items = ((System.Collections.IEnumerable)value!).Cast<object?>().ToList();
                var jsonItems = json!.AsArray();
                Assert.Equal(items.Count, jsonItems.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    AssertMatches(array.ItemSchema, items[i], jsonItems[i], $"{path}[{i}]");
                }

                return;
            case MapSchema map:
                var entries = (System.Collections.IDictionary)value!;
                var jsonEntries = json!.AsObject();
                Assert.Equal(entries.Count, jsonEntries.Count);
                foreach (System.Collections.DictionaryEntry entry in entries)
                {
                    AssertMatches(map.ValueSchema, entry.Value, jsonEntries[(string)entry.Key], $"{path}[{entry.Key}]");
                }

                return;
        }

        switch (schema.Tag)
        {
            case Schema.Type.String:
                Assert.Equal((string)value!, json!.GetValue<string>());
                return;
            case Schema.Type.Long:
                Assert.Equal(Convert.ToInt64(value, CultureInfo.InvariantCulture), json!.GetValue<long>());
                return;
            case Schema.Type.Int:
                Assert.Equal((int)value!, json!.GetValue<int>());
                return;
            case Schema.Type.Boolean:
                Assert.Equal((bool)value!, json!.GetValue<bool>());
                return;
            case Schema.Type.Double:
            case Schema.Type.Float:
                Assert.Equal(Convert.ToDouble(value, CultureInfo.InvariantCulture), json!.GetValue<double>());
                return;
            case Schema.Type.Bytes:
                Assert.Equal(Convert.ToHexString((byte[])value!).ToLowerInvariant(), json!.GetValue<string>());
                return;
            default:
                Assert.Fail($"{path}: no comparison for Avro {schema.Tag}");
                return;
        }
    }
}
