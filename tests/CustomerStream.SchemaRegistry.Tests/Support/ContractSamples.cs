using System.Collections;
using System.Reflection;
using Avro;
using CustomerStream.Contracts;
using CustomerStream.SchemaRegistry.Codec.Internal;

namespace CustomerStream.SchemaRegistry.Tests.Support;

/// <summary>
/// Sample values for every contract type, generated from its schema so that a new field or a new
/// contract is covered without touching the tests. Variant 0 is minimal (nulls, empty collections);
/// variants 1..n fill everything and walk through the branches of unions of records.
/// </summary>
public static class ContractSamples
{
    public static IReadOnlyList<Type> TopLevelContractTypes { get; } = typeof(AvroContractAttribute).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<AvroContractAttribute>() is { } a && ContractSchemas.TopLevelNames.Contains(a.FullName))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToList();

    /// <summary>Enough variants to reach every branch of the widest union of records in <paramref name="schema"/>.</summary>
    public static int VariantCount(Schema schema) => 2 + WidestUnion(schema, []);

    public static object Create(Type type, Schema schema, int variant) => Value(type, schema, variant, "root")!;

    private static object? Value(Type type, Schema schema, int variant, string name)
    {
        switch (schema)
        {
            case UnionSchema union:
                var nonNull = union.Schemas.Where(s => s.Tag != Schema.Type.Null).ToList();
                if (variant == 0 && nonNull.Count < union.Count)
                {
                    return null;
                }

                var branch = nonNull[Math.Max(variant - 1, 0) % nonNull.Count];
                var branchType = ClrTypes.IsPolymorphic(type)
                    ? ContractTypeNames.Find((NamedSchema)branch, type, [typeof(AvroContractAttribute).Assembly])!
                    : Nullable.GetUnderlyingType(type) ?? type;
                return Value(branchType, branch, variant, name);
            case LogicalSchema logical:
                return logical.LogicalTypeName switch
                {
                    "decimal" => (variant % 2 == 0 ? -1 : 1) * (1234.5678m + variant),
                    "timestamp-millis" when type == typeof(DateTimeOffset) => new DateTimeOffset(Timestamp(variant)),
                    "timestamp-millis" => Timestamp(variant),
                    "date" when type == typeof(DateOnly) => DateOnly.FromDateTime(Timestamp(variant)),
                    "date" => Timestamp(variant).Date,
                    "uuid" when type == typeof(Guid) => new Guid(variant, 2, 3, [4, 5, 6, 7, 8, 9, 10, 11]),
                    _ => Value(type, logical.BaseSchema, variant, name),
                };
            case RecordSchema record:
                var instance = Activator.CreateInstance(type)!;
                foreach (var field in record.Fields)
                {
                    var property = ClrTypes.PropertyFor(type, field)
                        ?? throw new InvalidOperationException($"{type.Name} has no property for {record.Fullname}.{field.Name}");
                    property.SetValue(instance, Value(property.PropertyType, field.Schema, variant, field.Name));
                }

                return instance;
            case EnumSchema enumSchema:
                var symbol = enumSchema.Symbols[variant % enumSchema.Symbols.Count];
                return type == typeof(string) ? symbol : Enum.Parse(type, symbol);
            case ArraySchema array:
                var itemType = ClrTypes.ItemType(type)!;
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
                for (var i = 0; i < (variant == 0 ? 0 : 2); i++)
                {
                    list.Add(Value(itemType, array.ItemSchema, variant + i, name));
                }

                return list;
            case MapSchema map:
                var valueType = ClrTypes.MapValueType(type)!;
                var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
                for (var i = 0; i < (variant == 0 ? 0 : 2); i++)
                {
                    dictionary.Add($"key-{i}-ü", Value(valueType, map.ValueSchema, variant + i, name));
                }

                return dictionary;
        }

        return schema.Tag switch
        {
            Schema.Type.String => $"{name}-{variant}-ünïcødé ✓",
            Schema.Type.Long => (variant * 1_000_000_007L) + 1,
            Schema.Type.Int => (variant * 7) + 1,
            Schema.Type.Boolean => variant % 2 == 1,
            Schema.Type.Double => variant + 0.25,
            Schema.Type.Float => variant + 0.5f,
            Schema.Type.Bytes => new byte[] { 0, 1, 0x7F, 0x80, 0xFF, (byte)variant },
            Schema.Type.Null => null,
            _ => throw new NotSupportedException($"No sample for {schema.Tag}"),
        };
    }

    private static DateTime Timestamp(int variant) =>
        new DateTime(2024, 1, 31, 23, 59, 58, DateTimeKind.Utc).AddMilliseconds((variant * 86_400_123L) + 7);

    private static int WidestUnion(Schema schema, HashSet<string> seen) => schema switch
    {
        RecordSchema record when seen.Add(record.Fullname) => record.Fields.Select(f => WidestUnion(f.Schema, seen)).DefaultIfEmpty(0).Max(),
        UnionSchema union => Math.Max(union.Count, union.Schemas.Select(s => WidestUnion(s, seen)).DefaultIfEmpty(0).Max()),
        ArraySchema array => WidestUnion(array.ItemSchema, seen),
        MapSchema map => WidestUnion(map.ValueSchema, seen),
        _ => 0,
    };
}
