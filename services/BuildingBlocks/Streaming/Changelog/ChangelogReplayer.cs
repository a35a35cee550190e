using Confluent.Kafka;

namespace CustomerStream.Streaming.Changelog;

/// <summary>
/// The replay rules of a task's changelog partition, applied in offset order (pure logic, no I/O):
/// <list type="bullet">
/// <item>A fence makes its epoch the owner and discards the records of unfinished batches read so far.</item>
/// <item>Data records, plans and markers count only when their epoch is the current owner's; others are a
/// zombie's (an instance that lost the task but still wrote) and are ignored.</item>
/// <item>Data records of the owner are held until the marker of their batch: then they are committed, together
/// with the input offsets the marker carries. Held records of any other batch are discarded (a batch the
/// owner gave up after a failed write).</item>
/// <item>A plan of the owner stays pending until the next marker of any owner, across fences: a batch whose
/// plan was written may have produced outputs, so whoever owns the task next processes exactly that plan
/// first.</item>
/// </list>
/// So the state rebuilt from a changelog is exactly the state after a whole number of batches of the
/// successive owners, and the input offsets match it.
/// </summary>
internal sealed class ChangelogReplayer(Guid? owner, BatchPlan? pendingPlan = null)
{
    private readonly List<StoreChange> _held = [];
    private BatchId _heldBatch;

    /// <summary>The epoch whose records currently count.</summary>
    public Guid? Owner { get; private set; } = owner;

    /// <summary>Input offsets after the last committed batch, or null when no marker was read.</summary>
    public IReadOnlyDictionary<TopicPartition, long>? InputOffsets { get; private set; }

    /// <summary>The plan of a batch that may have produced outputs but never committed, if any.</summary>
    public BatchPlan? PendingPlan { get; private set; } = pendingPlan;

    /// <summary>Records read so far that will never be applied (unfinished batches, zombies, foreign records).</summary>
    public long Discarded { get; private set; }

    /// <summary>Batches committed so far.</summary>
    public long CommittedBatches { get; private set; }

    /// <summary>Feeds the next record; returns the batch it completes, if any.</summary>
    public CommittedBatch? Accept(ChangelogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        switch (entry.Kind)
        {
            case ChangelogEntryKind.Fence:
                DiscardHeld();
                Owner = entry.Batch.Epoch;
                return null;

            case ChangelogEntryKind.Plan when entry.Batch.Epoch == Owner:
                PendingPlan = new BatchPlan(entry.Batch, entry.InputOffsets ?? new Dictionary<TopicPartition, long>());
                return null;

            case ChangelogEntryKind.Data when entry.Batch.Epoch == Owner:
                if (_held.Count > 0 && _heldBatch != entry.Batch)
                {
                    DiscardHeld();
                }

                _heldBatch = entry.Batch;
                _held.AddRange(entry.Changes);
                return null;

            case ChangelogEntryKind.Marker when entry.Batch.Epoch == Owner:
                IReadOnlyList<StoreChange> records = [];
                if (_held.Count > 0 && _heldBatch == entry.Batch)
                {
                    records = _held.ToArray();
                    _held.Clear();
                }
                else
                {
                    DiscardHeld();
                }

                PendingPlan = null;
                InputOffsets = entry.InputOffsets ?? new Dictionary<TopicPartition, long>();
                CommittedBatches++;
                return new CommittedBatch(entry.Batch, records, InputOffsets);

            default:
                Discarded++;
                return null;
        }
    }

    private void DiscardHeld()
    {
        Discarded += _held.Count;
        _held.Clear();
    }
}
