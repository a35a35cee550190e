using Avro;
using Newtonsoft.Json.Linq;

namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>
/// Encodes a field's JSON default as Avro binary of the field's schema, validating it on the way
/// (Avro spec: a union's default belongs to its first branch; bytes and fixed defaults are strings of
/// code points 0-255). Readers decode these bytes to fill fields the writer did not have.
/// </summary>
internal static class DefaultValueEncoder
{
    public static byte[] Encode(JToken json, Schema schema, string path)
    {
        using var output = new AvroOutput(64);
        Write(output, json, schema, path);
        return output.ToArray();
    }

    private static void Write(AvroOutput output, JToken json, Schema schema, string path)
    {
        switch (schema)
        {
            case LogicalSchema logical:
                Write(output, json, logical.BaseSchema, path);
                return;
            case UnionSchema union:
                output.WriteLong(0);
                Write(output, json, union.Schemas[0], path);
                return;
            case RecordSchema record:
                if (json is not JObject fields)
                {
                    throw Invalid(path, json, $"record {record.Fullname} (a JSON object)");
                }

                foreach (var field in record.Fields)
                {
                    var value = fields.TryGetValue(field.Name, StringComparison.Ordinal, out var given) ? given : field.DefaultValue;
                    if (value is null)
                    {
                        throw new AvroMappingException($"{path}: the default record has no value for field '{field.Name}', which has no default either.");
                    }

                    Write(output, value, field.Schema, $"{path}.{field.Name}");
                }

                return;
            case EnumSchema enumSchema:
                var symbol = json.Type == JTokenType.String ? (string)json! : null;
                var index = symbol is null ? -1 : enumSchema.Symbols.IndexOf(symbol);
                if (index < 0)
                {
                    throw Invalid(path, json, $"a symbol of enum {enumSchema.Fullname}");
                }

                output.WriteInt(index);
                return;
            case FixedSchema fixedSchema:
                var fixedBytes = Latin1(json, path, "fixed");
                if (fixedBytes.Length != fixedSchema.Size)
                {
                    throw Invalid(path, json, $"fixed of {fixedSchema.Size} bytes");
                }

                output.WriteRaw(fixedBytes);
                return;
            case ArraySchema array:
                if (json is not JArray items)
                {
                    throw Invalid(path, json, "array (a JSON array)");
                }

                if (items.Count > 0)
                {
                    output.WriteLong(items.Count);
                    for (var i = 0; i < items.Count; i++)
                    {
                        Write(output, items[i], array.ItemSchema, $"{path}[{i}]");
                    }
                }

                output.WriteLong(0);
                return;
            case MapSchema map:
                if (json is not JObject entries)
                {
                    throw Invalid(path, json, "map (a JSON object)");
                }

                if (entries.Count > 0)
                {
                    output.WriteLong(entries.Count);
                    foreach (var (key, value) in entries)
                    {
                        output.WriteString(key);
                        Write(output, value!, map.ValueSchema, $"{path}[{key}]");
                    }
                }

                output.WriteLong(0);
                return;
        }

        switch (schema.Tag)
        {
            case Schema.Type.Null:
                if (json.Type != JTokenType.Null)
                {
                    throw Invalid(path, json, "null");
                }

                return;
            case Schema.Type.Boolean:
                output.WriteBoolean(json.Type == JTokenType.Boolean ? (bool)json : throw Invalid(path, json, "boolean"));
                return;
            case Schema.Type.Int:
                output.WriteInt(json.Type == JTokenType.Integer && (long)json is >= int.MinValue and <= int.MaxValue
                    ? (int)json
                    : throw Invalid(path, json, "int"));
                return;
            case Schema.Type.Long:
                output.WriteLong(json.Type == JTokenType.Integer ? (long)json : throw Invalid(path, json, "long"));
                return;
            case Schema.Type.Float:
                output.WriteFloat(json.Type is JTokenType.Integer or JTokenType.Float ? (float)json : throw Invalid(path, json, "float"));
                return;
            case Schema.Type.Double:
                output.WriteDouble(json.Type is JTokenType.Integer or JTokenType.Float ? (double)json : throw Invalid(path, json, "double"));
                return;
            case Schema.Type.String:
                output.WriteString(json.Type == JTokenType.String ? (string)json! : throw Invalid(path, json, "string"));
                return;
            case Schema.Type.Bytes:
                output.WriteBytes(Latin1(json, path, "bytes"));
                return;
            default:
                throw new AvroMappingException($"{path}: defaults of Avro type {schema.Tag} are not supported.");
        }
    }

    private static byte[] Latin1(JToken json, string path, string type)
    {
        if (json.Type != JTokenType.String)
        {
            throw Invalid(path, json, $"{type} (a string of code points 0-255)");
        }

        var text = (string)json!;
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = text[i] <= 0xFF ? (byte)text[i] : throw Invalid(path, json, $"{type} (a string of code points 0-255)");
        }

        return bytes;
    }

    private static AvroMappingException Invalid(string path, JToken json, string expected) =>
        new($"{path}: the default value {json.ToString(Newtonsoft.Json.Formatting.None)} is not a valid {expected}.");
}
