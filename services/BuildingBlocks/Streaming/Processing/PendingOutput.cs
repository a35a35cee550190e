using Confluent.Kafka;

namespace CustomerStream.Streaming.Processing;

/// <summary>A forwarded record, serialized, waiting for the end of its batch.</summary>
internal readonly record struct PendingOutput(string Topic, Message<byte[], byte[]> Message);
