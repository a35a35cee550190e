using System.Text.Json;
using Confluent.Kafka;

namespace CustomerStream.Ingest.Tests;

/// <summary>
/// Stand-in value serializer while the Avro serdes of contracts/CustomerStream.SchemaRegistry have not
/// landed on main: JSON, so that the publishing tests can decode what was produced. Replaced by the
/// Confluent-framed Avro serializer and the registry when they land.
/// </summary>
internal sealed class JsonStandInSerializer<T> : IAsyncSerializer<T>
{
    public Task<byte[]> SerializeAsync(T data, SerializationContext context) => Task.FromResult(JsonSerializer.SerializeToUtf8Bytes(data));

    public static T Deserialize(byte[] bytes) => JsonSerializer.Deserialize<T>(bytes)!;
}
