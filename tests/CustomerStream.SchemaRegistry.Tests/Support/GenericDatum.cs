using System.Collections;
using System.Numerics;
using System.Reflection;
using Avro;
using Avro.Generic;
using CustomerStream.Contracts;

namespace CustomerStream.SchemaRegistry.Tests.Support;

/// <summary>
/// A contract object as Apache.Avro's generic datum (<see cref="GenericRecord"/>, <see cref="GenericEnum"/>,
/// <see cref="AvroDecimal"/>, <c>object[]</c>, <c>Dictionary&lt;string, object&gt;</c>): what Confluent's
/// <c>AvroSerializer&lt;GenericRecord&gt;</c> takes. Built by reflection over the <c>[AvroField]</c> names, without
/// our codec, so that comparing the two serializers compares two independent paths from one value.
/// </summary>
public static class GenericDatum
{
    public static GenericRecord From(object value, RecordSchema schema) => (GenericRecord)Convert(value, schema, "root")!;

    private static object? Convert(object? value, Schema schema, string path)
    {
        switch (schema)
        {
            case UnionSchema union:
                if (value is null)
                {
                    return union.Schemas.Any(s => s.Tag == Schema.Type.Null) ? null : throw new InvalidOperationException($"{path}: null for {union}");
                }

                var branches = union.Schemas.Where(s => s.Tag != Schema.Type.Null).ToList();
                var branch = branches.Count == 1
                    ? branches[0]
                    : branches.First(b => b is RecordSchema r && value.GetType().GetCustomAttribute<AvroContractAttribute>()?.FullName == r.Fullname);
                return Convert(value, branch, path);
            case LogicalSchema logical:
                return logical.LogicalTypeName switch
                {
                    "decimal" => Decimal((decimal)value!, logical),
                    "timestamp-millis" => value is DateTimeOffset offset ? offset.UtcDateTime : DateTime.SpecifyKind((DateTime)value!, DateTimeKind.Utc),
                    "date" => value is DateOnly day ? day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : ((DateTime)value!).Date,
                    _ => Convert(value, logical.BaseSchema, path),
                };
            case RecordSchema record:
                var generic = new GenericRecord(record);
                foreach (var field in record.Fields)
                {
                    var property = Property(value!.GetType(), field.Name)
                        ?? throw new InvalidOperationException($"{path}: {value.GetType().Name} has no property for field '{field.Name}'");
                    generic.Add(field.Name, Convert(property.GetValue(value), field.Schema, $"{path}.{field.Name}"));
                }

                return generic;
            case EnumSchema enumSchema:
                return new GenericEnum(enumSchema, value!.ToString()!);
            case ArraySchema array:
                return ((IEnumerable?)value ?? Array.Empty<object>()).Cast<object?>().Select((item, i) => Convert(item, array.ItemSchema, $"{path}[{i}]")).ToArray();
            case MapSchema map:
                var entries = new Dictionary<string, object?>();
                foreach (DictionaryEntry entry in (IDictionary?)value ?? new Dictionary<string, object>())
                {
                    entries.Add((string)entry.Key, Convert(entry.Value, map.ValueSchema, $"{path}[{entry.Key}]"));
                }

                return entries;
        }

        return schema.Tag switch
        {
            Schema.Type.Long => System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
            Schema.Type.Int => System.Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture),
            _ => value,
        };
    }

    /// <summary>The unscaled value at exactly the schema's scale, as the decimal logical type encodes it.</summary>
    private static AvroDecimal Decimal(decimal value, LogicalSchema schema)
    {
        var scale = System.Convert.ToInt32(schema.GetProperty("scale") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var unscaled = value * (decimal)Math.Pow(10, scale);
        if (unscaled != decimal.Truncate(unscaled))
        {
            throw new InvalidOperationException($"{value} has more than {scale} decimals");
        }

        return new AvroDecimal(new BigInteger(unscaled), scale);
    }

    private static PropertyInfo? Property(Type type, string field) =>
        type.GetProperties().FirstOrDefault(p => p.GetCustomAttribute<Avro.Reflect.AvroFieldAttribute>()?.FieldName == field)
        ?? type.GetProperties().FirstOrDefault(p => string.Equals(p.Name.Replace("_", "", StringComparison.Ordinal), field.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
}
