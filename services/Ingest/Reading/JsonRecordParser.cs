using System.Runtime.CompilerServices;
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
    public static Rejection? TryParse(ReadOnlySpan<byte> json, FieldSet fields, RawValue[] values, InputLimits limits) =>
        TryParse(json, fields, values, limits, null);

    /// <summary>
    /// As <see cref="TryParse(ReadOnlySpan{byte}, FieldSet, RawValue[], InputLimits)"/>; <paramref name="order"/> remembers
    /// which field each property position held in the previous record of the same input, because records of one
    /// source list their properties in the same order: the name is then checked, not looked up.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Rejection? TryParse(ReadOnlySpan<byte> json, FieldSet fields, RawValue[] values, InputLimits limits, int[]? order)
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
            var position = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int index;
                if (order is not null && position < order.Length)
                {
                    var expected = order[position];
                    index = expected >= 0 && reader.ValueTextEquals(fields.Utf8Names[expected]) ? expected : FieldIndex(ref reader, fields);
                    order[position] = index;
                }
                else
                {
                    index = FieldIndex(ref reader, fields);
                }

                position++;
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

    /// <summary>The field a property name stands for, or -1; short names are matched without making a string of them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FieldIndex(ref Utf8JsonReader reader, FieldSet fields)
    {
        const int stackLimit = 128;
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > stackLimit)
        {
            return fields.IndexOf(reader.GetString()!);
        }

        Span<char> name = stackalloc char[stackLimit];
        return fields.IndexOf(name[..reader.CopyString(name)]);
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
