using Confluent.Kafka;

namespace CustomerStream.Cli.Stack;

/// <summary>
/// Decides when the pipeline has settled: every stage's consumer group has committed the end of every
/// partition it reads, and no topic grew between two consecutive looks (a stage that just committed may
/// still be producing what the next one will read).
/// </summary>
internal sealed class PipelineSettling(string bootstrapServers, IReadOnlyList<PipelineStage> stages) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, IConsumer<byte[], byte[]>> _consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TopicPartition>> _partitions = new(StringComparer.Ordinal);
    private IAdminClient? _admin;

    /// <summary>Records not yet committed, per stage.</summary>
    public IReadOnlyList<(PipelineStage Stage, long Lag, long End)> Look()
    {
        var result = new List<(PipelineStage, long, long)>();
        foreach (var stage in stages)
        {
            var consumer = ConsumerOf(stage.GroupId);
            var partitions = stage.Topics.SelectMany(t => PartitionsOf(t)).ToList();
            var committed = consumer.Committed(partitions, Timeout).ToDictionary(c => c.TopicPartition, c => c.Offset);
            long lag = 0, end = 0;
            foreach (var partition in partitions)
            {
                var watermarks = consumer.QueryWatermarkOffsets(partition, Timeout);
                var from = committed.TryGetValue(partition, out var offset) && !offset.IsSpecial ? offset.Value : watermarks.Low.Value;
                lag += Math.Max(0, watermarks.High.Value - from);
                end += watermarks.High.Value;
            }

            result.Add((stage, lag, end));
        }

        return result;
    }

    /// <summary>Waits until two consecutive looks find no lag and no growth; reports each look.</summary>
    public async Task WaitAsync(TimeSpan timeout, Action<IReadOnlyList<(PipelineStage Stage, long Lag, long End)>> report, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        long? previousEnds = null;
        var quiet = 0;
        while (true)
        {
            var look = Look();
            report(look);
            var ends = look.Sum(l => l.End);
            quiet = look.All(l => l.Lag == 0) && ends == previousEnds ? quiet + 1 : 0;
            if (quiet >= 2)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var behind = string.Join(", ", look.Where(l => l.Lag > 0).Select(l => $"{l.Stage.Name} {l.Lag:N0} behind"));
                throw new CliException(
                    $"The pipeline did not settle within {timeout.TotalMinutes:N0} minutes ({(behind.Length > 0 ? behind : "topics still growing")}).",
                    "run with --verbose to see the services' logs");
            }

            previousEnds = ends;
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    private IConsumer<byte[], byte[]> ConsumerOf(string groupId)
    {
        if (!_consumers.TryGetValue(groupId, out var consumer))
        {
            // Reads the group's committed offsets without joining it.
            consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
            {
                BootstrapServers = bootstrapServers,
                GroupId = groupId,
                EnableAutoCommit = false,
                AllowAutoCreateTopics = false,
            }).SetLogHandler((_, _) => { }).Build();
            _consumers[groupId] = consumer;
        }

        return consumer;
    }

    private List<TopicPartition> PartitionsOf(string topic)
    {
        if (!_partitions.TryGetValue(topic, out var partitions))
        {
            _admin ??= new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).SetLogHandler((_, _) => { }).Build();
            var metadata = _admin.GetMetadata(topic, Timeout).Topics.Single();
            partitions = metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).OrderBy(p => p.Partition.Value).ToList();
            _partitions[topic] = partitions;
        }

        return partitions;
    }

    public void Dispose()
    {
        _admin?.Dispose();
        foreach (var consumer in _consumers.Values)
        {
            consumer.Dispose();
        }
    }
}
