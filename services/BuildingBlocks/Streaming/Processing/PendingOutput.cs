using Confluent.Kafka;

namespace CustomerStream.Streaming.Processing;

/// <summary>A forwarded record waiting for the end of its batch.</summary>
internal abstract class PendingOutput(string topic)
{
    public string Topic { get; } = topic;

    public abstract ValueTask<Message<byte[], byte[]>> ToMessageAsync();

    public static PendingOutput Ready(string topic, Message<byte[], byte[]> message) => new ReadyOutput(topic, message);

    public static PendingOutput Deferred<TKey, TValue>(OutputTopic<TKey, TValue> topic, TKey key, TValue value, Headers headers, Timestamp timestamp) =>
        new DeferredOutput<TKey, TValue>(topic, key, value, headers, timestamp);

    private sealed class ReadyOutput(string topic, Message<byte[], byte[]> message) : PendingOutput(topic)
    {
        public override ValueTask<Message<byte[], byte[]>> ToMessageAsync() => ValueTask.FromResult(message);
    }

    private sealed class DeferredOutput<TKey, TValue>(OutputTopic<TKey, TValue> output, TKey key, TValue value, Headers headers, Timestamp timestamp)
        : PendingOutput(output.Name)
    {
        public override async ValueTask<Message<byte[], byte[]>> ToMessageAsync()
        {
            var (keyBytes, valueBytes) = await output.SerializeAsync(key, value, headers).ConfigureAwait(false);
            return new Message<byte[], byte[]> { Key = keyBytes!, Value = valueBytes!, Headers = headers, Timestamp = timestamp };
        }
    }
}
