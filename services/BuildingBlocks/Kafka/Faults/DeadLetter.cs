using Confluent.Kafka;

namespace CustomerStream.Kafka.Faults;

/// <summary>One record of a dead-letter topic, as <see cref="DeadLetters.Read"/> reads it.</summary>
/// <param name="Stage">The stage that gave up on the record.</param>
/// <param name="SourceTopic">Where the record was read from.</param>
/// <param name="SourcePartition">Its partition there.</param>
/// <param name="SourceOffset">Its offset there.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Position">Where the dead letter itself is.</param>
/// <param name="DeadLetteredAt">When the source record was written (UTC).</param>
public sealed record DeadLetter(
    string Stage, string SourceTopic, int SourcePartition, long SourceOffset, string Error, TopicPartitionOffset Position, DateTime DeadLetteredAt);
