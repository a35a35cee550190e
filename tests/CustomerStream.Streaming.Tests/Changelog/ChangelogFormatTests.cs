using Confluent.Kafka;
using CustomerStream.Streaming.Changelog;

namespace CustomerStream.Streaming.Tests.Changelog;

public sealed class ChangelogFormatTests
{
    private static readonly BatchId Batch = new(Guid.NewGuid(), 42);

    [Fact]
    public void A_pack_carries_the_changes_of_a_batch_in_order_with_puts_deletes_and_empty_values()
    {
        // User keys may contain any byte, the control prefix included.
        (string, byte[], byte[]?)[] changes = [("clusters.by-id", [0, 1, 0, 2], [9]), ("s", [1], null), ("s", [2], []), ("clusters.by-id", [], [7, 7])];

        var message = Assert.Single(ChangelogFormat.Packs(Batch, changes));
        var entry = ChangelogFormat.Decode(7, message.Key, message.Value);

        Assert.Equal(ChangelogEntryKind.Data, entry.Kind);
        Assert.Equal(7, entry.Offset);
        Assert.Equal(Batch, entry.Batch);
        Assert.Equal(changes.Select(c => new StoreChange(c.Item1, c.Item2, c.Item3)), entry.Changes, new StoreChangeComparer());
    }

    [Fact]
    public void Changes_beyond_the_pack_size_go_to_the_next_pack_and_a_batch_without_changes_has_none()
    {
        var value = new byte[(ChangelogFormat.PackBytes / 3) - 64]; // three to a pack, with room for their framing
        var changes = Enumerable.Range(0, 7).Select(i => ("s", new[] { (byte)i }, (byte[]?)value)).ToList();

        var packs = ChangelogFormat.Packs(Batch, changes);

        Assert.Equal(3, packs.Count);
        var decoded = packs.SelectMany(p => ChangelogFormat.Decode(0, p.Key, p.Value).Changes).ToList();
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (byte)i), decoded.Select(c => c.Key.Single()));
        Assert.Empty(ChangelogFormat.Packs(Batch, []));
    }

    [Fact]
    public void A_single_change_record_of_an_earlier_release_is_still_read()
    {
        var message = ChangelogFormat.Data(ChangelogFormat.BatchBytes(Batch), ChangelogFormat.StorePrefix("clusters.by-id"), [0, 1, 0, 2], [9]);
        var deletion = ChangelogFormat.Data(ChangelogFormat.BatchBytes(Batch), ChangelogFormat.StorePrefix("s"), [1], null);

        var entry = ChangelogFormat.Decode(7, message.Key, message.Value);

        Assert.Equal(ChangelogEntryKind.Data, entry.Kind);
        Assert.Equal(Batch, entry.Batch);
        Assert.Equal(new StoreChange("clusters.by-id", [0, 1, 0, 2], [9]), Assert.Single(entry.Changes), new StoreChangeComparer());
        Assert.Null(Assert.Single(ChangelogFormat.Decode(0, deletion.Key, deletion.Value).Changes).Value);
    }

    [Fact]
    public void A_marker_carries_the_input_offsets_of_its_task()
    {
        var offsets = new Dictionary<TopicPartition, long>
        {
            [new TopicPartition("ingest.orders.v1", 3)] = 1_234_567_890_123,
            [new TopicPartition("transfers", 3)] = 0,
        };
        var message = ChangelogFormat.Marker(Batch, offsets);

        var entry = ChangelogFormat.Decode(0, message.Key, message.Value);

        Assert.Equal(ChangelogEntryKind.Marker, entry.Kind);
        Assert.Equal(Batch, entry.Batch);
        Assert.Equal(offsets, entry.InputOffsets);
    }

    [Fact]
    public void A_fence_names_its_epoch()
    {
        var epoch = Guid.NewGuid();
        var message = ChangelogFormat.Fence(epoch);

        var entry = ChangelogFormat.Decode(0, message.Key, message.Value);

        Assert.Equal(ChangelogEntryKind.Fence, entry.Kind);
        Assert.Equal(epoch, entry.Batch.Epoch);
    }

    [Fact]
    public void Records_this_runtime_did_not_write_are_foreign()
    {
        Assert.Equal(ChangelogEntryKind.Foreign, ChangelogFormat.Decode(0, [1, 0, 2], [1]).Kind);
        Assert.Equal(ChangelogEntryKind.Foreign, ChangelogFormat.Decode(0, [1, 0, 2], null).Kind);
        Assert.Equal(ChangelogEntryKind.Foreign, ChangelogFormat.Decode(0, [1, 0, 2], new byte[40]).Kind);
    }

    [Fact]
    public void A_plan_carries_the_end_offsets_of_its_batch()
    {
        var ends = new Dictionary<TopicPartition, long> { [new TopicPartition("ingest.orders.v1", 2)] = 77 };
        var message = ChangelogFormat.Plan(Batch, ends);

        var entry = ChangelogFormat.Decode(0, message.Key, message.Value);

        Assert.Equal(ChangelogEntryKind.Plan, entry.Kind);
        Assert.Equal(Batch, entry.Batch);
        Assert.Equal(ends, entry.InputOffsets);
    }

    private sealed class StoreChangeComparer : IEqualityComparer<StoreChange>
    {
        public bool Equals(StoreChange? x, StoreChange? y) =>
            x!.Store == y!.Store && x.Key.SequenceEqual(y.Key) && (x.Value is null ? y.Value is null : y.Value is not null && x.Value.SequenceEqual(y.Value));

        public int GetHashCode(StoreChange obj) => obj.Store.GetHashCode(StringComparison.Ordinal);
    }
}
