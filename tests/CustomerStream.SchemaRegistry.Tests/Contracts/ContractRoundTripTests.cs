using Avro.Generic;
using Avro.IO;
using CustomerStream.Contracts;
using CustomerStream.SchemaRegistry.Codec;
using CustomerStream.SchemaRegistry.Tests.Support;

namespace CustomerStream.SchemaRegistry.Tests.Contracts;

/// <summary>Every contract type, in every variant of its sample, survives the codec and is valid Avro for Apache.Avro too.</summary>
public sealed class ContractRoundTripTests
{
    public static TheoryData<string> ContractTypes() => new(ContractSamples.TopLevelContractTypes.Select(t => t.FullName!));

    [Fact]
    public void Every_top_level_schema_has_a_contract_type()
    {
        var mapped = ContractSamples.TopLevelContractTypes.Select(ContractSchemas.FullNameOf).ToHashSet();
        var unmapped = ContractSchemas.TopLevelNames.Where(n => !mapped.Contains(n)).ToList();
        Assert.True(unmapped.Count == 0, $"No contract type maps {string.Join(", ", unmapped)}");
    }

    [Theory]
    [MemberData(nameof(ContractTypes))]
    public void Every_contract_round_trips_through_the_codec(string typeName)
    {
        var type = ContractSamples.TopLevelContractTypes.Single(t => t.FullName == typeName);
        var method = typeof(ContractRoundTripTests).GetMethod(nameof(RoundTrip), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        method.MakeGenericMethod(type).Invoke(null, null);
    }

    private static void RoundTrip<T>()
    {
        var schema = ContractSchemas.For<T>();
        var writer = AvroCodec.Writer<T>(schema);
        var reader = AvroCodec.Reader<T>(schema);
        for (var variant = 0; variant < ContractSamples.VariantCount(schema); variant++)
        {
            var sample = (T)ContractSamples.Create(typeof(T), schema, variant);
            var bytes = writer.ToArray(sample);

            StructuralAssert.Equal(sample, reader.Read(bytes), $"{typeof(T).Name}#{variant}");

            // An independent decoder agrees that these are exactly one value of the schema.
            var stream = new MemoryStream(bytes);
            new GenericDatumReader<object>(schema, schema).Read(null!, new BinaryDecoder(stream));
            Assert.Equal(bytes.Length, stream.Position);
        }
    }
}
