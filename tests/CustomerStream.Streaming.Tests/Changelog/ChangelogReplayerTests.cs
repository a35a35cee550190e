namespace CustomerStream.Streaming.Tests.Changelog;

public sealed class ChangelogReplayerTests
{
    private static readonly Guid A = Guid.NewGuid();
    private static readonly Guid B = Guid.NewGuid();
    private static readonly Guid C = Guid.NewGuid();

    [Fact]
    public void Committed_batches_are_applied_in_order_with_their_input_offsets()
    {
        var log = new ChangelogLog()
            .Fence(A)
            .Data(A, 0, "x", "1").Data(A, 0, "y", "1").Marker(A, 0, 10)
            .Data(A, 1, "x", "2").Data(A, 1, "y", null).Marker(A, 1, 20);

        var (state, offset, replayer) = log.Replay();

        Assert.Equal(new Dictionary<string, string> { ["x"] = "2" }, state);
        Assert.Equal(20, offset);
        Assert.Equal(2, replayer.CommittedBatches);
    }

    [Fact]
    public void A_crash_between_the_changelog_writes_and_the_marker_leaves_the_state_of_the_previous_batch()
    {
        var log = new ChangelogLog()
            .Fence(A)
            .Data(A, 0, "x", "1").Marker(A, 0, 10)
            .Data(A, 1, "x", "2").Data(A, 1, "y", "2"); // the instance died here

        var (state, offset, _) = log.Replay();

        Assert.Equal(new Dictionary<string, string> { ["x"] = "1" }, state);
        Assert.Equal(10, offset);
    }

    [Fact]
    public void The_next_owner_discards_the_unfinished_batch_of_a_crashed_one()
    {
        var log = new ChangelogLog()
            .Fence(A)
            .Data(A, 0, "x", "1").Marker(A, 0, 10)
            .Data(A, 1, "x", "999")
            .Fence(B)
            .Data(B, 0, "x", "2").Marker(B, 0, 20);

        var (state, offset, replayer) = log.Replay();

        Assert.Equal(new Dictionary<string, string> { ["x"] = "2" }, state);
        Assert.Equal(20, offset);
        Assert.Equal(1, replayer.Discarded);
    }

    [Fact]
    public void A_zombie_that_writes_after_being_fenced_is_ignored_even_when_it_finishes_its_batch()
    {
        var log = new ChangelogLog()
            .Fence(A)
            .Data(A, 0, "x", "1").Marker(A, 0, 10)
            .Data(A, 1, "x", "zombie")
            .Fence(B)
            .Marker(A, 1, 15)                    // the old owner completes its batch, too late
            .Data(B, 0, "x", "2").Data(A, 2, "y", "zombie").Marker(B, 0, 20);

        var (state, offset, _) = log.Replay();

        Assert.Equal(new Dictionary<string, string> { ["x"] = "2" }, state);
        Assert.Equal(20, offset);
    }

    [Fact]
    public void A_batch_abandoned_after_a_failed_write_never_counts_even_if_a_later_batch_of_the_same_epoch_does()
    {
        var log = new ChangelogLog()
            .Fence(A)
            .Data(A, 0, "x", "abandoned")
            .Data(A, 1, "y", "1").Marker(A, 1, 10);

        var (state, _, _) = log.Replay();

        Assert.Equal(new Dictionary<string, string> { ["y"] = "1" }, state);
    }

    [Fact]
    public void A_marker_without_records_moves_the_offsets_only()
    {
        var log = new ChangelogLog()
            .Fence(A)
            .Data(A, 0, "x", "1").Marker(A, 0, 10)
            .Marker(A, 1, 30);

        var (state, offset, _) = log.Replay();

        Assert.Equal(new Dictionary<string, string> { ["x"] = "1" }, state);
        Assert.Equal(30, offset);
    }

    [Fact]
    public void Records_the_runtime_did_not_write_are_ignored()
    {
        var log = new ChangelogLog()
            .Foreign("x", "foreign")
            .Fence(A)
            .Data(A, 0, "x", "1").Foreign("y", "foreign").Marker(A, 0, 10);

        var (state, _, replayer) = log.Replay();

        Assert.Equal(new Dictionary<string, string> { ["x"] = "1" }, state);
        Assert.Equal(2, replayer.Discarded);
    }

    [Fact]
    public void Replaying_from_a_checkpoint_continues_with_the_owner_it_recorded()
    {
        var log = new ChangelogLog()
            .Fence(A)
            .Data(A, 0, "x", "1").Marker(A, 0, 10)     // entries 0..2: in the checkpointed local store
            .Data(A, 1, "x", "2").Marker(A, 1, 20)     // written after the checkpoint by the same owner
            .Fence(C)
            .Data(C, 0, "y", "3").Marker(C, 0, 30);

        var (tail, offset, _) = log.Replay(owner: A, from: 3);

        Assert.Equal(new Dictionary<string, string> { ["x"] = "2", ["y"] = "3" }, tail);
        Assert.Equal(30, offset);
    }

    [Fact]
    public void Nothing_counts_before_the_first_fence_of_a_replay_from_the_start()
    {
        var log = new ChangelogLog()
            .Data(A, 0, "x", "1").Marker(A, 0, 10)
            .Fence(B)
            .Data(B, 0, "y", "1").Marker(B, 0, 20);

        var (state, _, _) = log.Replay();

        Assert.Equal(new Dictionary<string, string> { ["y"] = "1" }, state);
    }

    [Fact]
    public void Replaying_from_a_checkpoint_over_a_store_that_already_holds_later_batches_converges_to_the_same_state()
    {
        // Batches after the checkpoint (entry 3) rewrite and delete keys; a crashed store may hold any of their
        // writes already (RocksDB flushed some of them on its own).
        var log = new ChangelogLog()
            .Fence(A)
            .Data(A, 0, "x", "1").Data(A, 0, "y", "1").Marker(A, 0, 10)
            .Data(A, 1, "x", "2").Data(A, 1, "z", "2").Marker(A, 1, 20)
            .Data(A, 2, "y", null).Data(A, 2, "x", "3").Marker(A, 2, 30)
            .Data(A, 3, "y", "4").Marker(A, 3, 40)
            .Data(A, 4, "x", "uncommitted");
        var (full, _, _) = log.Replay();
        var (checkpointed, _, _) = log.Replay(until: 4);
        var laterWrites = new[] { ("x", (string?)"2"), ("y", null), ("y", "4"), ("z", "2"), ("x", "3") };

        for (var subset = 0; subset < 1 << laterWrites.Length; subset++)
        {
            var store = new Dictionary<string, string>(checkpointed);
            for (var i = 0; i < laterWrites.Length; i++)
            {
                if ((subset & (1 << i)) != 0)
                {
                    var (key, value) = laterWrites[i];
                    if (value is null)
                    {
                        store.Remove(key);
                    }
                    else
                    {
                        store[key] = value;
                    }
                }
            }

            var (tail, offset, _) = log.Replay(owner: A, from: 4, initial: store);
            Assert.Equal(full, tail);
            Assert.Equal(40, offset);
        }
    }
}
