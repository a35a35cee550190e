using System.Text.Json;
using Confluent.Kafka;

namespace CustomerStream.Streaming.Changelog;

/// <summary>
/// How far a task's persistent stores reflected its changelog when they were last flushed: the changelog
/// offset, who owned the task then, and the input offsets at that point. Written periodically and on a
/// clean close. A task opening with a valid checkpoint replays only the changelog after it; the stores may
/// already hold some of what follows (RocksDB flushes on its own), which is harmless because changelog
/// records carry whole values of committed batches only.
/// </summary>
internal sealed record TaskCheckpoint(
    string ChangelogTopic,
    int Partition,
    long NextOffset,
    Guid Owner,
    IReadOnlyList<string> Stores,
    IReadOnlyDictionary<TopicPartition, long> InputOffsets)
{
    public const string FileName = ".checkpoint";
    private const int FormatVersion = 1;

    public static TaskCheckpoint? TryRead(string taskDirectory)
    {
        var path = Path.Combine(taskDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var file = JsonSerializer.Deserialize<CheckpointFile>(File.ReadAllBytes(path));
            if (file is null || file.Version != FormatVersion)
            {
                return null;
            }

            return new TaskCheckpoint(
                file.ChangelogTopic,
                file.Partition,
                file.NextOffset,
                file.Owner,
                file.Stores,
                file.InputOffsets.ToDictionary(o => new TopicPartition(o.Topic, o.Partition), o => o.Offset));
        }
        catch (Exception e) when (e is JsonException or IOException or ArgumentException)
        {
            // A torn or foreign file is no checkpoint: the task rebuilds from the changelog.
            return null;
        }
    }

    public static void Delete(string taskDirectory)
    {
        var path = Path.Combine(taskDirectory, FileName);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    public void Write(string taskDirectory)
    {
        Directory.CreateDirectory(taskDirectory);
        var file = new CheckpointFile(
            FormatVersion,
            ChangelogTopic,
            Partition,
            NextOffset,
            Owner,
            Stores.ToArray(),
            InputOffsets.Select(o => new OffsetEntry(o.Key.Topic, o.Key.Partition.Value, o.Value)).ToArray());
        var path = Path.Combine(taskDirectory, FileName);
        var temporary = path + ".tmp";

        // Write then rename, so that a crash while writing never leaves a half checkpoint that parses.
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, file);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Whether this checkpoint describes the given task and stores.</summary>
    public bool Matches(string changelogTopic, int partition, IEnumerable<string> stores) =>
        ChangelogTopic == changelogTopic
        && Partition == partition
        && Stores.Order(StringComparer.Ordinal).SequenceEqual(stores.Order(StringComparer.Ordinal), StringComparer.Ordinal);

    private sealed record CheckpointFile(
        int Version,
        string ChangelogTopic,
        int Partition,
        long NextOffset,
        Guid Owner,
        string[] Stores,
        OffsetEntry[] InputOffsets);

    private sealed record OffsetEntry(string Topic, int Partition, long Offset);
}
