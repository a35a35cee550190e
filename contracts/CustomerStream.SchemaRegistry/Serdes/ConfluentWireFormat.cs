using System.Buffers.Binary;

namespace CustomerStream.SchemaRegistry.Serdes;

/// <summary>
/// Confluent's framing of a Kafka message value or key: magic byte 0, the schema id as a 4-byte
/// big-endian integer, then the Avro binary of the value.
/// </summary>
public static class ConfluentWireFormat
{
    /// <summary>The first byte of every framed message.</summary>
    public const byte MagicByte = 0;

    /// <summary>Bytes before the Avro payload.</summary>
    public const int HeaderSize = 5;

    /// <summary>The schema id of a framed message, and its Avro payload.</summary>
    /// <exception cref="InvalidDataException">The bytes are not in the Confluent wire format; the message says what they look like instead.</exception>
    public static int ReadHeader(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> payload, string? topic = null)
    {
        var where = topic is null ? "" : $" on topic '{topic}'";
        if (data.Length < HeaderSize || data[0] != MagicByte)
        {
            throw new InvalidDataException(
                $"A message{where} is not in the Confluent wire format (magic byte 0, 4-byte schema id, Avro): {Describe(data)}.");
        }

        payload = data[HeaderSize..];
        return BinaryPrimitives.ReadInt32BigEndian(data[1..]);
    }

    private static string Describe(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            return "it is empty";
        }

        if (data.Length < HeaderSize && data[0] == MagicByte)
        {
            return $"it is only {data.Length} byte(s) long";
        }

        var first = data[0];
        var looksLike = first switch
        {
            (byte)'{' or (byte)'[' => " (looks like JSON)",
            >= 0x20 and < 0x7F => " (looks like text)",
            _ => "",
        };
        return $"its first byte is 0x{first:X2}{looksLike}";
    }
}
