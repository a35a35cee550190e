using System.Security.Cryptography;
using System.Text;
using Avro;
using CustomerStream.SchemaRegistry.Codec;

namespace CustomerStream.SchemaRegistry.Server;

/// <summary>
/// A schema as the registry keeps it: parsed, validated, in canonical text (Apache.Avro's rendering,
/// which is the same whatever the whitespace and attribute order of the submission, and keeps docs,
/// defaults and logical types), with a fingerprint of that text for identity across subjects.
/// </summary>
internal sealed class ParsedSchema
{
    private ParsedSchema(Schema schema, string canonical)
    {
        Schema = schema;
        Canonical = canonical;
        Fingerprint = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
    }

    public Schema Schema { get; }

    public string Canonical { get; }

    public byte[] Fingerprint { get; }

    /// <exception cref="RegistryException">42201 with the parser's reason when the text is not a valid Avro schema.</exception>
    public static ParsedSchema Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw RegistryErrors.InvalidSchema("the schema is empty.");
        }

        Schema schema;
        try
        {
            // Apache.Avro 1.12 returns null for a lone unknown type name such as {"type":"recrd"}.
            schema = Schema.Parse(text) ?? throw RegistryErrors.InvalidSchema("it names no known Avro type.");
        }
        catch (Exception e) when (e is SchemaParseException or AvroException or Newtonsoft.Json.JsonException or ArgumentException)
        {
            throw RegistryErrors.InvalidSchema(e.Message);
        }

        try
        {
            AvroCodec.ValidateDefaults(schema);
        }
        catch (AvroMappingException e)
        {
            throw RegistryErrors.InvalidSchema(e.Message);
        }

        return new ParsedSchema(schema, CanonicalText(schema));
    }

    /// <summary>Apache.Avro renders a bare primitive as <c>{"type":"string"}</c>; Confluent and the spec's short form say <c>"string"</c>.</summary>
    private static string CanonicalText(Schema schema)
    {
        var text = schema.ToString();
        return schema is PrimitiveSchema && text == $"{{\"type\":\"{schema.Name}\"}}" ? $"\"{schema.Name}\"" : text;
    }
}
