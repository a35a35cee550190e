using Confluent.Kafka;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Faults;

namespace CustomerStream.Cli;

/// <summary>
/// The product's dead-letter topics (one partition each, see <see cref="DeadLetters"/>) as the operator sees them:
/// every dead letter with where it came from and why, whether it was replayed, and the replay itself. What was
/// replayed is the committed offset of the group <see cref="ReplayGroup"/> on each dead-letter topic, so a dead letter
/// is re-sent once, also when <c>--replay</c> runs again.
/// </summary>
internal sealed class DeadLetterLog(KafkaClientFactory clients, TimeSpan timeout)
{
    /// <summary>The consumer group whose committed offsets say up to where each dead-letter topic was replayed.</summary>
    public const string ReplayGroup = "customerstream-dead-letters";

    /// <summary>The dead letters of <paramref name="topics"/>, oldest first, each with whether it was replayed already.</summary>
    public IReadOnlyList<(DeadLetter Letter, bool Replayed)> Read(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        using var consumer = clients.CreateConsumerBuilder<byte[]?, byte[]?>(clients.CreateConsumerConfig(ReplayGroup, "dead-letters")).Build();
        var letters = new List<(DeadLetter, bool)>();
        foreach (var topic in topics)
        {
            var tp = new TopicPartition(topic, 0);
            if (DeadLetterCounts.EndOf(consumer, topic, timeout) is not { } end || end.High.Value <= end.Low.Value)
            {
                continue;
            }

            var replayedTo = consumer.Committed([tp], timeout).Single().Offset;
            consumer.Assign(new TopicPartitionOffset(tp, end.Low));
            for (var next = end.Low.Value; next < end.High.Value;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var record = consumer.Consume(timeout)
                    ?? throw new CliException($"Reading {topic} stopped at offset {next} of {end.High.Value}: no answer within {timeout.TotalSeconds:N0} s.");
                if (record.IsPartitionEOF)
                {
                    break;
                }

                letters.Add((DeadLetters.Read(record), !replayedTo.IsSpecial && record.Offset.Value < replayedTo.Value));
                next = record.Offset.Value + 1;
            }

            consumer.Unassign();
        }

        return letters;
    }

    /// <summary>Re-sends every dead letter of <paramref name="topics"/> not replayed yet to its source topic; returns how many.</summary>
    public async Task<int> ReplayAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        using var consumer = clients.CreateConsumerBuilder<byte[]?, byte[]?>(clients.CreateConsumerConfig(ReplayGroup, "dead-letters")).Build();
        using var producer = clients.CreateProducerBuilder<byte[]?, byte[]?>(clients.CreateProducerConfig("dead-letters")).Build();
        var replayed = 0;
        foreach (var topic in topics)
        {
            var tp = new TopicPartition(topic, 0);
            if (DeadLetterCounts.EndOf(consumer, topic, timeout) is not { } end)
            {
                continue;
            }

            var from = consumer.Committed([tp], timeout).Single().Offset;
            var next = from.IsSpecial || from.Value < end.Low.Value ? end.Low.Value : from.Value;
            consumer.Assign(new TopicPartitionOffset(tp, next));
            while (next < end.High.Value)
            {
                var record = consumer.Consume(timeout)
                    ?? throw new CliException($"Reading {topic} stopped at offset {next} of {end.High.Value}: no answer within {timeout.TotalSeconds:N0} s.");
                if (record.IsPartitionEOF)
                {
                    break;
                }

                var letter = DeadLetters.Read(record);
                // Acknowledged before the offset moves past it: a replay cut short re-sends, it never drops.
                await producer.ProduceAsync(letter.SourceTopic, DeadLetters.ForReplay(record), cancellationToken);
                next = record.Offset.Value + 1;
                consumer.Commit([new TopicPartitionOffset(tp, next)]);
                replayed++;
            }

            consumer.Unassign();
        }

        return replayed;
    }
}
