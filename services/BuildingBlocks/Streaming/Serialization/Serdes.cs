using System.Buffers.Binary;
using System.Text;

namespace CustomerStream.Streaming.Serialization;

/// <summary>Ready-made serdes for common key and value types, and an adapter for your own.</summary>
public static class Serdes
{
    /// <summary>UTF-8 strings; byte order equals ordinal order of the strings.</summary>
    public static ISerde<string> Utf8 { get; } =
        new DelegateSerde<string>(Encoding.UTF8.GetBytes, static data => Encoding.UTF8.GetString(data));

    /// <summary>
    /// 8-byte big-endian two's complement, the layout of Kafka's <c>LongSerializer</c>; byte order equals
    /// numeric order for non-negative values.
    /// </summary>
    public static ISerde<long> Int64 { get; } = new DelegateSerde<long>(
        static value =>
        {
            var bytes = new byte[sizeof(long)];
            BinaryPrimitives.WriteInt64BigEndian(bytes, value);
            return bytes;
        },
        static data => BinaryPrimitives.ReadInt64BigEndian(data));

    /// <summary>Bytes as they are (copied on both ways, so callers may reuse their buffers).</summary>
    public static ISerde<byte[]> ByteArray { get; } =
        new DelegateSerde<byte[]>(static value => value.ToArray(), static data => data.ToArray());

    /// <summary>A serde from two functions.</summary>
    public static ISerde<T> Create<T>(Func<T, byte[]> serialize, SpanDeserializer<T> deserialize)
    {
        ArgumentNullException.ThrowIfNull(serialize);
        ArgumentNullException.ThrowIfNull(deserialize);
        return new DelegateSerde<T>(serialize, deserialize);
    }
}
