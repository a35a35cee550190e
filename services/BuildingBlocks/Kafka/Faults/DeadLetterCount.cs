namespace CustomerStream.Kafka.Faults;

/// <summary>How many dead letters a stage holds (<see cref="DeadLetterCounts"/>).</summary>
/// <param name="Stage">The stage (e.g. <c>identity</c>).</param>
/// <param name="Topic">Its dead-letter topic, <c>&lt;stage&gt;.dead-letter.v1</c>.</param>
/// <param name="Records">Records the topic retains (it keeps them forever): dead-lettered so far, replayed or not.</param>
public sealed record DeadLetterCount(string Stage, string Topic, long Records);
