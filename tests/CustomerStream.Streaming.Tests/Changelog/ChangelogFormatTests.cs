using Confluent.Kafka;
using CustomerStream.Streaming.Changelog;

namespace CustomerStream.Streaming.Tests.Changelog;

public sealed class ChangelogFormatTests
{
    private static readonly BatchId Batch = new(Guid.NewGuid(), 42);

    [Fact]
    public void A_data_record_carries_its_store_key_value_and_batch()
    {
        // User keys may contain the separator byte; store names never do.
        var message = ChangelogFormat.Data(ChangelogFormat.BatchBytes(Batch), ChangelogFormat.StorePrefix("clusters.by-id"), [0, 1, 0, 2], [9]);

        var entry = ChangelogFormat.Decode(7, message.Key, message.Value);

        Assert.Equal(ChangelogEntryKind.Data, entry.Kind);
        Assert.Equal(7, entry.Offset);
        Assert.Equal(Batch, entry.Batch);
        Assert.Equal("clusters.by-id", entry.Store);
        Assert.Equal([0, 1, 0, 2], entry.Key);
        Assert.Equal([9], entry.Value);
    }

    [Fact]
    public void A_deletion_is_a_data_record_without_value()
    {
        var message = ChangelogFormat.Data(ChangelogFormat.BatchBytes(Batch), ChangelogFormat.StorePrefix("s"), [1], null);

        Assert.Null(ChangelogFormat.Decode(0, message.Key, message.Value).Value);
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
    public void An_empty_value_is_a_put_not_a_delete()
    {
        var message = ChangelogFormat.Data(ChangelogFormat.BatchBytes(Batch), ChangelogFormat.StorePrefix("s"), [1], []);

        Assert.Equal(Array.Empty<byte>(), ChangelogFormat.Decode(0, message.Key, message.Value).Value);
    }
}
