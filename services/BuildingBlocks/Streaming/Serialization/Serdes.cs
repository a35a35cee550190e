using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;
using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Serialization;

/// <summary>Ready-made serdes for common key and value types, and adapters for your own.</summary>
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

    /// <summary>4-byte big-endian two's complement, the layout of Kafka's <c>IntegerSerializer</c>.</summary>
    public static ISerde<int> Int32 { get; } = new DelegateSerde<int>(
        static value =>
        {
            var bytes = new byte[sizeof(int)];
            BinaryPrimitives.WriteInt32BigEndian(bytes, value);
            return bytes;
        },
        static data => BinaryPrimitives.ReadInt32BigEndian(data));

    /// <summary>Bytes as they are (copied on both ways, so callers may reuse their buffers).</summary>
    public static ISerde<byte[]> ByteArray { get; } =
        new DelegateSerde<byte[]>(static value => value.ToArray(), static data => data.ToArray());

    /// <summary>RFC 4122 byte order (big-endian), so that ordering matches the textual form.</summary>
    public static ISerde<Guid> Guid { get; } = new DelegateSerde<Guid>(
        static value => value.ToByteArray(bigEndian: true),
        static data => new Guid(data, bigEndian: true));

    /// <summary>A serde from two functions.</summary>
    public static ISerde<T> Create<T>(Func<T, byte[]> serialize, SpanDeserializer<T> deserialize)
    {
        ArgumentNullException.ThrowIfNull(serialize);
        ArgumentNullException.ThrowIfNull(deserialize);
        return new DelegateSerde<T>(serialize, deserialize);
    }

    /// <summary>
    /// A serde from a Confluent.Kafka serializer and deserializer pair (they are called with an empty
    /// <see cref="SerializationContext"/>, as store bytes belong to no topic).
    /// </summary>
    public static ISerde<T> FromConfluent<T>(ISerializer<T> serializer, IDeserializer<T> deserializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(deserializer);
        return new ConfluentSerde<T>(serializer, deserializer);
    }

    /// <summary>Stores a <see cref="Versioned{T}"/>: an 8-byte version followed by the inner serde's bytes.</summary>
    public static ISerde<Versioned<T>> Versioned<T>(ISerde<T> inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new VersionedSerde<T>(inner);
    }
}
