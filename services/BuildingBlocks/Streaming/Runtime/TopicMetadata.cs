using Confluent.Kafka;
using CustomerStream.Streaming.Processing;

namespace CustomerStream.Streaming.Runtime;

/// <summary>Start-up checks of topics through the Metadata API (which every Kafka-protocol cluster has).</summary>
internal static class TopicMetadata
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Waits for the input topics; returns their partition counts (co-partitioned when tasks are per partition).</summary>
    public static async Task<IReadOnlyDictionary<string, int>> WaitForInputTopicsAsync(
        StreamApplicationOptions options, StreamTopology topology, CancellationToken cancellationToken)
    {
        var counts = await WaitForTopicsAsync(options, topology.InputTopics, cancellationToken).ConfigureAwait(false);
        if (topology.IsStateful && !topology.IsSingleTask && counts.Values.Distinct().Count() > 1)
        {
            throw new InvalidOperationException(
                $"Input topics of stateful application {options.ApplicationId} must have the same partition count (co-partitioning): "
                + string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")));
        }

        return counts;
    }

    /// <summary>Waits for a topic and checks its partition count.</summary>
    public static async Task RequirePartitionsAsync(StreamApplicationOptions options, string topic, int partitions, CancellationToken cancellationToken)
    {
        var counts = await WaitForTopicsAsync(options, [topic], cancellationToken).ConfigureAwait(false);
        if (counts[topic] != partitions)
        {
            throw new InvalidOperationException(
                $"Topic {topic} has {counts[topic]} partitions, {partitions} expected (it must match the input topics).");
        }
    }

    /// <summary>Partition counts of the given topics, waiting up to the start-up timeout for each to exist.</summary>
    public static async Task<Dictionary<string, int>> WaitForTopicsAsync(
        StreamApplicationOptions options, IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        var config = new AdminClientConfig { BootstrapServers = options.BootstrapServers };
        config.Set("allow.auto.create.topics", "false");
        foreach (var (key, value) in options.ClientProperties)
        {
            config.Set(key, value);
        }

        using var admin = new AdminClientBuilder(config).Build();
        var deadline = DateTime.UtcNow + options.StartupTimeout;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var partitions = PartitionCount(admin, topic);
                if (partitions > 0)
                {
                    counts[topic] = partitions;
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException(
                        $"Topic {topic} does not exist (waited {options.StartupTimeout.TotalSeconds:0} s); create it before starting {options.ApplicationId}.");
                }

                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }

        return counts;
    }

    private static int PartitionCount(IAdminClient admin, string topic)
    {
        try
        {
            var metadata = admin.GetMetadata(topic, RequestTimeout);
            var described = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            return described is null || described.Error.IsError ? 0 : described.Partitions.Count;
        }
        catch (KafkaException)
        {
            return 0;
        }
    }
}
