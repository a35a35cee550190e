using Confluent.Kafka;

namespace CustomerStream.Identity.Service;

/// <summary>
/// How far the identity graph's consumer group is behind the end of <c>identity.input.v1</c>: the
/// records the router has written that the graph has not committed. Reads committed offsets without
/// joining the group.
/// </summary>
internal sealed class InputLagProbe : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly Lazy<IConsumer<byte[], byte[]>> _consumer;
    private readonly TopicPartition _partition;

    public InputLagProbe(string bootstrapServers, string graphGroupId, string inputTopic, IEnumerable<KeyValuePair<string, string>> clientProperties)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = graphGroupId,
            EnableAutoCommit = false,
            AllowAutoCreateTopics = false,
        };
        foreach (var (key, value) in clientProperties)
        {
            config.Set(key, value);
        }

        // Created on first use: a router that never waits never opens the connection.
        _consumer = new Lazy<IConsumer<byte[], byte[]>>(() => new ConsumerBuilder<byte[], byte[]>(config).Build());
        _partition = new TopicPartition(inputTopic, 0);
    }

    public long Lag()
    {
        var consumer = _consumer.Value;
        var watermarks = consumer.QueryWatermarkOffsets(_partition, Timeout);
        var committed = consumer.Committed([_partition], Timeout)[0].Offset;
        var from = committed.IsSpecial ? watermarks.Low.Value : committed.Value;
        return Math.Max(0, watermarks.High.Value - from);
    }

    public void Dispose()
    {
        if (_consumer.IsValueCreated)
        {
            _consumer.Value.Dispose();
        }
    }
}
