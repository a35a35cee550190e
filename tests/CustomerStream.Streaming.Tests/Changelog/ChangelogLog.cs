using Confluent.Kafka;
using CustomerStream.Streaming.Changelog;

namespace CustomerStream.Streaming.Tests.Changelog;

/// <summary>Writes a changelog partition the way the runtime does, in memory, and replays it.</summary>
internal sealed class ChangelogLog
{
    private readonly List<ChangelogEntry> _entries = [];

    public static readonly TopicPartition Input = new("input", 0);

    public ChangelogLog Fence(Guid epoch) => Append(ChangelogFormat.Fence(epoch));

    public ChangelogLog Data(Guid epoch, long sequence, string key, string? value) =>
        Append(ChangelogFormat.Packs(new BatchId(epoch, sequence), [("s", Bytes(key), value is null ? null : Bytes(value))]).Single());

    public ChangelogLog Marker(Guid epoch, long sequence, long nextInputOffset) =>
        Append(ChangelogFormat.Marker(new BatchId(epoch, sequence), new Dictionary<TopicPartition, long> { [Input] = nextInputOffset }));

    public ChangelogLog Foreign(string key, string value) => Append(new Message<byte[], byte[]> { Key = Bytes(key), Value = Bytes(value) });

    /// <summary>Replays every entry; returns the resulting store contents and input offset.</summary>
    public (Dictionary<string, string> State, long? InputOffset, ChangelogReplayer Replayer) Replay(
        Guid? owner = null, int from = 0, Dictionary<string, string>? initial = null, int? until = null)
    {
        var replayer = new ChangelogReplayer(owner);
        var state = initial is null ? new Dictionary<string, string>() : new Dictionary<string, string>(initial);
        foreach (var entry in _entries.Take(until ?? _entries.Count).Skip(from))
        {
            if (replayer.Accept(entry) is not { } batch)
            {
                continue;
            }

            foreach (var record in batch.Changes)
            {
                Assert.Equal("s", record.Store);
                var key = System.Text.Encoding.UTF8.GetString(record.Key);
                if (record.Value is null)
                {
                    state.Remove(key);
                }
                else
                {
                    state[key] = System.Text.Encoding.UTF8.GetString(record.Value);
                }
            }
        }

        return (state, replayer.InputOffsets?.GetValueOrDefault(Input), replayer);
    }

    private ChangelogLog Append(Message<byte[], byte[]> message)
    {
        _entries.Add(ChangelogFormat.Decode(_entries.Count, message.Key, message.Value));
        return this;
    }

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
