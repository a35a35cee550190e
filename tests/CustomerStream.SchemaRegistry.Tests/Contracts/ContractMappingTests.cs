using System.Reflection;
using Avro;
using CustomerStream.Contracts;
using CustomerStream.SchemaRegistry.Codec.Internal;

namespace CustomerStream.SchemaRegistry.Tests.Contracts;

/// <summary>
/// The <c>.avsc</c> files are the source of truth and the C# records mirror them (<see cref="AvroContractAttribute"/>).
/// The codec tolerates a record without a property for a field that has a default (it writes the default), so a
/// field added to a schema and forgotten in its record would travel as its default without any error: every field
/// must have a property and every property a field, for every contract record, nested ones included.
/// </summary>
public sealed class ContractMappingTests
{
    public static TheoryData<string> ContractRecordTypes() => new(
        typeof(AvroContractAttribute).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<AvroContractAttribute>() is not null && ContractSchemas.Named(ContractSchemas.FullNameOf(t)) is RecordSchema)
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal));

    [Fact]
    public void Every_record_of_the_contract_schemas_has_a_csharp_type()
    {
        var mapped = typeof(AvroContractAttribute).Assembly.GetTypes()
            .Select(t => t.GetCustomAttribute<AvroContractAttribute>()?.FullName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var records = ContractSchemas.TopLevelNames.SelectMany(name => Records(ContractSchemas.ByName(name), [])).Distinct().ToList();

        var unmapped = records.Where(name => !mapped.Contains(name)).ToList();

        Assert.NotEmpty(records);
        Assert.True(unmapped.Count == 0, $"Records of the contract schemas without an [AvroContract] type: {string.Join(", ", unmapped)}");
    }

    [Theory]
    [MemberData(nameof(ContractRecordTypes))]
    public void A_contract_record_has_exactly_the_fields_of_its_schema(string typeName)
    {
        var type = typeof(AvroContractAttribute).Assembly.GetType(typeName, throwOnError: true)!;
        var schema = (RecordSchema)ContractSchemas.Named(ContractSchemas.FullNameOf(type));
        var byField = ClrTypes.PropertiesByFieldName(type);
        var fields = schema.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

        var withoutProperty = schema.Fields.Where(f => ClrTypes.PropertyFor(type, f) is null).Select(f => f.Name).ToList();
        var withoutField = type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Where(p => !byField.Any(pair => pair.Value == p && fields.Contains(pair.Key)))
            .Select(p => p.Name)
            .ToList();

        Assert.True(withoutProperty.Count == 0, $"{schema.Fullname} fields without a property on {type.Name}: {string.Join(", ", withoutProperty)}");
        Assert.True(withoutField.Count == 0, $"{type.Name} properties without a field in {schema.Fullname}: {string.Join(", ", withoutField)}");
    }

    private static IEnumerable<string> Records(Schema schema, HashSet<string> seen) => schema switch
    {
        RecordSchema record when seen.Add(record.Fullname) =>
            new[] { record.Fullname }.Concat(record.Fields.SelectMany(f => Records(f.Schema, seen))),
        UnionSchema union => union.Schemas.SelectMany(s => Records(s, seen)),
        ArraySchema array => Records(array.ItemSchema, seen),
        MapSchema map => Records(map.ValueSchema, seen),
        _ => [],
    };
}
