using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Avro;
using Avro.Generic;

namespace CustomerStream.SchemaRegistry.Tests.Support;

/// <summary>
/// A generic Avro datum as the JSON of <c>contracts/golden</c> (see its README): records as objects in field
/// order, unions as the branch's value, decimals as strings with exactly the schema's scale, timestamp-millis as
/// epoch milliseconds, dates as <c>yyyy-MM-dd</c>, bytes as lower-case hex, enums as their symbol.
/// </summary>
public static class GoldenJson
{
    public static JsonNode? Render(object? datum, Schema schema)
    {
        switch (schema)
        {
            case UnionSchema union:
                return datum is null ? null : Render(datum, Branch(union, datum));
            case LogicalSchema { LogicalTypeName: "decimal" } logical:
                var scale = int.Parse(logical.GetProperty("scale") ?? "0", CultureInfo.InvariantCulture);
                return JsonValue.Create(Decimal((AvroDecimal)datum!, scale));
            case LogicalSchema { LogicalTypeName: "timestamp-millis" }:
                return JsonValue.Create(new DateTimeOffset(DateTime.SpecifyKind((DateTime)datum!, DateTimeKind.Utc)).ToUnixTimeMilliseconds());
            case LogicalSchema { LogicalTypeName: "date" }:
                return JsonValue.Create(((DateTime)datum!).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case LogicalSchema logical:
                return Render(datum, logical.BaseSchema);
            case RecordSchema record:
                var generic = (GenericRecord)datum!;
                var json = new JsonObject();
                foreach (var field in record.Fields)
                {
                    json[field.Name] = Render(generic[field.Name], field.Schema);
                }

                return json;
            case EnumSchema:
                return JsonValue.Create(((GenericEnum)datum!).Value);
            case ArraySchema array:
                return new JsonArray(((IEnumerable)datum!).Cast<object?>().Select(item => Render(item, array.ItemSchema)).ToArray());
            case MapSchema map:
                var entries = new JsonObject();
                foreach (var (key, value) in ((IDictionary<string, object?>)datum!).OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    entries[key] = Render(value, map.ValueSchema);
                }

                return entries;
        }

        return schema.Tag switch
        {
            Schema.Type.Null => null,
            Schema.Type.Bytes => JsonValue.Create(Convert.ToHexString((byte[])datum!).ToLowerInvariant()),
            Schema.Type.String => JsonValue.Create((string)datum!),
            Schema.Type.Boolean => JsonValue.Create((bool)datum!),
            Schema.Type.Int => JsonValue.Create((int)datum!),
            Schema.Type.Long => JsonValue.Create((long)datum!),
            Schema.Type.Float => JsonValue.Create((double)(float)datum!),
            Schema.Type.Double => JsonValue.Create((double)datum!),
            _ => throw new NotSupportedException($"No golden JSON for Avro {schema.Tag}"),
        };
    }

    private static Schema Branch(UnionSchema union, object datum)
    {
        var branches = union.Schemas.Where(s => s.Tag != Schema.Type.Null).ToList();
        return branches.Count == 1
            ? branches[0]
            : branches.First(b => datum is GenericRecord r ? b is RecordSchema s && s.Fullname == r.Schema.Fullname : b is not RecordSchema);
    }

    private static string Decimal(AvroDecimal value, int scale)
    {
        var unscaled = value.UnscaledValue * BigInteger.Pow(10, scale - value.Scale);
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = scale == 0 ? digits : $"{digits[..^scale]}.{digits[^scale..]}";
        return unscaled.Sign < 0 ? "-" + text : text;
    }
}
