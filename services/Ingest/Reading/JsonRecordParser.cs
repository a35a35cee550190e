using System.Text;
using System.Text.Json;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest.Reading;

/// <summary>
/// Reads one JSON object into the raw fields of an entity (names matched case-insensitively,
/// unknown names ignored). Strings, numbers, booleans and null keep their kind so that the
/// normalizer can tell <c>"ts": true</c> (<c>bad_field_type</c>) from a timestamp; nested objects
/// and arrays are kept as JSON text. Used for NDJSON lines and for the elements of HTTP batches.
/// </summary>
public static class JsonRecordParser
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    /// <summary>Parses <paramref name="json"/> (valid UTF-8); returns null on success, else why it is not a record.</summary>
    public static Rejection? TryParse(ReadOnlySpan<byte> json, FieldSet fields, RawValue[] values, InputLimits limits)
    {
        try
        {
            var reader = new Utf8JsonReader(json, Options);
            if (!reader.Read())
            {
                return new Rejection(ReasonCodes.MalformedJson, "the line holds no JSON value");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var kind = reader.TokenType;
                reader.Skip();
                if (reader.Read())
                {
                    return new Rejection(ReasonCodes.MalformedJson, "invalid JSON: more content after the first value");
                }

                return new Rejection(ReasonCodes.NotAnObject, $"expected a JSON object, got {Describe(kind)}");
            }

            Rejection? fieldProblem = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var index = fields.IndexOf(name);
                reader.Read();
                if (index < 0)
                {
                    reader.Skip();
                    continue;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        if (reader.ValueSpan.Length > limits.MaxFieldBytes)
                        {
                            fieldProblem ??= new Rejection(ReasonCodes.FieldTooLong,
                                $"field '{fields.Names[index]}' is {reader.ValueSpan.Length} bytes long; at most {limits.MaxFieldBytes} are accepted");
                        }

                        values[index] = new RawValue(RawKind.Text, reader.GetString());
                        break;
                    case JsonTokenType.Number:
                        values[index] = new RawValue(RawKind.Number, Encoding.UTF8.GetString(reader.ValueSpan));
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        values[index] = new RawValue(RawKind.Boolean, reader.TokenType == JsonTokenType.True ? "true" : "false");
                        break;
                    case JsonTokenType.Null:
                        values[index] = RawValue.Null;
                        break;
                    default:
                        var kind = reader.TokenType == JsonTokenType.StartObject ? RawKind.Object : RawKind.Array;
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        var length = (int)reader.BytesConsumed - start;
                        if (length > limits.MaxFieldBytes)
                        {
                            fieldProblem ??= new Rejection(ReasonCodes.FieldTooLong,
                                $"field '{fields.Names[index]}' is {length} bytes long; at most {limits.MaxFieldBytes} are accepted");
                        }

                        values[index] = new RawValue(kind, Encoding.UTF8.GetString(json.Slice(start, length)));
                        break;
                }
            }

            if (reader.Read())
            {
                return new Rejection(ReasonCodes.MalformedJson, "invalid JSON: more content after the object");
            }

            return fieldProblem;
        }
        catch (JsonException e)
        {
            return new Rejection(ReasonCodes.MalformedJson, $"invalid JSON: {Shorten(e.Message)}");
        }
    }

    internal static string Describe(JsonTokenType kind) => kind switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => kind.ToString(),
    };

    private static string Shorten(string message)
    {
        // System.Text.Json appends position details that are noise in a per-line message.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd('.', ' ') : message;
    }
}
