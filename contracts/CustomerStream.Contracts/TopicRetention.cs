namespace CustomerStream.Contracts;

/// <summary>How long a topic keeps its records: part of the contract, applied when the topic is created.</summary>
public enum TopicRetention
{
    /// <summary>
    /// Records are deleted after the stream retention (<c>Kafka:StreamRetentionMs</c>, 7 days by default):
    /// every consumer of the topic must read a record within that time.
    /// </summary>
    Stream,

    /// <summary>
    /// Kept forever (<c>retention.ms=-1</c>, <c>retention.bytes=-1</c>): <c>customerstream rebuild</c> replays
    /// the topic from its first offset and refuses to start when that offset is gone.
    /// </summary>
    Replayed,

    /// <summary>
    /// Compacted (<c>cleanup.policy=compact</c>): the latest record of every key stays, so a new subscriber
    /// reads every key's current value. For topics whose records carry the key's whole state and a version.
    /// </summary>
    Compacted,

    /// <summary>
    /// Kept forever like <see cref="Replayed"/>, but not replayed by <c>rebuild</c>: dead letters wait there until
    /// an operator lists them and replays them (<c>customerstream dead-letters</c>); erasure requests and notices
    /// stay so that a replay or a new subscriber learns every erasure.
    /// </summary>
    Kept,
}
