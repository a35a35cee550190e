using System.Buffers.Binary;
using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Serialization;

/// <summary>Prefixes the inner value with its 8-byte big-endian version.</summary>
internal sealed class VersionedSerde<T>(ISerde<T> inner) : ISerde<Versioned<T>>
{
    public byte[] Serialize(Versioned<T> value)
    {
        var body = inner.Serialize(value.Value);
        var bytes = new byte[sizeof(long) + body.Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value.Version);
        body.CopyTo(bytes.AsSpan(sizeof(long)));
        return bytes;
    }

    public Versioned<T> Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.Length < sizeof(long))
        {
            throw new FormatException($"A versioned value needs at least {sizeof(long)} bytes, got {data.Length}.");
        }

        return new Versioned<T>(BinaryPrimitives.ReadInt64BigEndian(data), inner.Deserialize(data[sizeof(long)..]));
    }
}
