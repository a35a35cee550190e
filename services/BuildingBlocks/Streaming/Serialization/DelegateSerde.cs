namespace CustomerStream.Streaming.Serialization;

internal sealed class DelegateSerde<T>(Func<T, byte[]> serialize, SpanDeserializer<T> deserialize) : ISerde<T>
{
    public byte[] Serialize(T value) => serialize(value);

    public T Deserialize(ReadOnlySpan<byte> data) => deserialize(data);
}
