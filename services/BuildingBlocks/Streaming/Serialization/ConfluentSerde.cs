using Confluent.Kafka;

namespace CustomerStream.Streaming.Serialization;

internal sealed class ConfluentSerde<T>(ISerializer<T> serializer, IDeserializer<T> deserializer) : ISerde<T>
{
    public byte[] Serialize(T value) => serializer.Serialize(value, SerializationContext.Empty);

    public T Deserialize(ReadOnlySpan<byte> data) => deserializer.Deserialize(data, isNull: false, SerializationContext.Empty);
}
