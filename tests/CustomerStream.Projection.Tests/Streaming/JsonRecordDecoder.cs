using System.Text.Json;
using Confluent.Kafka;
using CustomerStream.Projection.Service;

namespace CustomerStream.Projection.Tests.Streaming;

/// <summary>Test codec for the consume loop's mechanics: contract objects as JSON, by the topic's contract type.</summary>
public sealed class JsonRecordDecoder(ProjectionTopicNames topics) : IRecordDecoder
{
    public static byte[] Encode(object value) => JsonSerializer.SerializeToUtf8Bytes(value, value.GetType());

    public ValueTask<object?> DecodeAsync(ConsumeResult<byte[]?, byte[]?> record, CancellationToken cancellationToken) =>
        ValueTask.FromResult(record.Message.Value is null ? null : JsonSerializer.Deserialize(record.Message.Value, topics.ContractOf(record.Topic)));
}
