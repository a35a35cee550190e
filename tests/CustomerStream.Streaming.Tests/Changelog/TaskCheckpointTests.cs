using Confluent.Kafka;
using CustomerStream.Streaming.Changelog;

namespace CustomerStream.Streaming.Tests.Changelog;

public sealed class TaskCheckpointTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "customerstream-checkpoint-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_written_checkpoint_reads_back_and_matches_its_task()
    {
        var checkpoint = new TaskCheckpoint("app-changelog", 3, 1_000, Guid.NewGuid(), ["b", "a"],
            new Dictionary<TopicPartition, long> { [new TopicPartition("in", 3)] = 77 });
        checkpoint.Write(_directory);

        var read = TaskCheckpoint.TryRead(_directory);

        Assert.NotNull(read);
        Assert.Equal(checkpoint.NextOffset, read.NextOffset);
        Assert.Equal(checkpoint.Owner, read.Owner);
        Assert.Equal(checkpoint.InputOffsets, read.InputOffsets);
        Assert.True(read.Matches("app-changelog", 3, ["a", "b"]));
        Assert.False(read.Matches("app-changelog", 3, ["a"]));
        Assert.False(read.Matches("app-changelog", 4, ["a", "b"]));
    }

    [Fact]
    public void A_deleted_or_torn_checkpoint_is_no_checkpoint()
    {
        new TaskCheckpoint("c", 0, 1, Guid.NewGuid(), ["a"], new Dictionary<TopicPartition, long>()).Write(_directory);
        TaskCheckpoint.Delete(_directory);
        Assert.Null(TaskCheckpoint.TryRead(_directory));

        File.WriteAllText(Path.Combine(_directory, TaskCheckpoint.FileName), "{\"Version\":1,\"Chang");
        Assert.Null(TaskCheckpoint.TryRead(_directory));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
