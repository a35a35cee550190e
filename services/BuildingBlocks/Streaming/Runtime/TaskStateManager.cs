using Confluent.Kafka;
using CustomerStream.Streaming.Changelog;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// The state of one stateful task on this instance, and the one owner of its invariants: its stores and
/// their write caches, its changelog position (<see cref="LogEnd"/>), its owner epoch (a fence it wrote, whose
/// changelog offset numbers the epoch), the sequence of its batches within the epoch, the input offsets its
/// state reflects, the plan of a batch that may need processing again, and its checkpoint.
/// </summary>
internal sealed class TaskStateManager : IDisposable
{
    /// <summary>Bits of a batch version that hold the batch's sequence within its epoch.</summary>
    private const int SequenceBits = BatchVersions.SequenceBits;

    /// <summary>The last sequence an epoch may use; the task takes a new epoch before it would pass it.</summary>
    public const long LastSequence = (1L << SequenceBits) - 2;

    private readonly Dictionary<string, ITaskStore> _storesByName;

    private TaskStateManager(TopicPartition changelog, string directory, IReadOnlyList<ITaskStore> stores)
    {
        Changelog = changelog;
        Directory = directory;
        Stores = stores;
        _storesByName = stores.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    public TopicPartition Changelog { get; }

    public string Directory { get; }

    public IReadOnlyList<ITaskStore> Stores { get; }

    public IReadOnlyDictionary<string, ITaskStore> StoresByName => _storesByName;

    /// <summary>The owner epoch this instance writes under.</summary>
    public Guid Epoch { get; private set; }

    /// <summary>Changelog offset of this epoch's fence: every later owner's is higher.</summary>
    public long EpochOffset { get; private set; } = -1;

    /// <summary>Sequence number of the next batch within <see cref="Epoch"/>.</summary>
    public long NextSequence { get; private set; }

    /// <summary>The changelog offset right after the last record this task's state is known to reflect.</summary>
    public long LogEnd { get; private set; }

    /// <summary>Next offset to read per input partition, as of the state (the source of truth on assignment).</summary>
    public Dictionary<TopicPartition, long> Offsets { get; } = [];

    /// <summary>A batch that was planned (and may have produced outputs) but never committed: it comes first.</summary>
    public BatchPlan? PendingPlan { get; set; }

    /// <summary>Set while local stores may hold a partial restore: such a task must not leave a checkpoint.</summary>
    public bool IsDirty { get; private set; } = true;

    public bool RestoredFromCheckpoint { get; private set; }

    public long RestoredRecords { get; private set; }

    public TimeSpan RestoreDuration { get; private set; }

    public BatchId CurrentBatch => new(Epoch, NextSequence);

    /// <summary>
    /// The version of the current batch's outputs: epoch number (fence offset) first, then the sequence, so it
    /// grows with every batch and every new owner or re-synchronization, whatever the clocks say.
    /// </summary>
    public long BatchVersion => ((EpochOffset + 1) << SequenceBits) | NextSequence;

    /// <summary>Whether the epoch's sequences are used up: the task must take a new epoch before its next batch.</summary>
    public bool EpochExhausted => NextSequence > LastSequence;

    /// <summary>Changelog records the current batch writes (its packs), once <see cref="ChangelogMessages"/> made them.</summary>
    public int ChangelogRecordCount { get; private set; }

    /// <summary>
    /// Opens the stores of a task in <paramref name="directory"/>: from its checkpoint when it has a valid one
    /// (then only the changelog after it needs replaying), else from nothing (the directory is wiped).
    /// </summary>
    public static TaskStateManager Open(
        TopicPartition changelog,
        string directory,
        IReadOnlyList<StoreDefinition> definitions,
        long fenceOffset,
        Action<string> checkpointIgnored,
        out TaskCheckpoint? usableCheckpoint)
    {
        var checkpoint = TaskCheckpoint.TryRead(directory);
        var reason = checkpoint is null ? null
            : !checkpoint.Matches(changelog.Topic, changelog.Partition.Value, definitions.Select(s => s.Name)) ? "it describes other stores"
            : definitions.Any(s => s.Kind == StoreKind.InMemory) ? "in-memory stores keep nothing across restarts"
            : checkpoint.NextOffset > fenceOffset ? "the changelog is shorter than the checkpoint"
            : null;
        if (checkpoint is not null && reason is not null)
        {
            checkpointIgnored(reason);
        }

        usableCheckpoint = reason is null ? checkpoint : null;
        if (usableCheckpoint is null && System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        // A kept checkpoint stays valid while the task runs: the stores only ever move ahead of it by whole
        // committed batches, which a replay from the checkpoint applies again to the same result.
        var stores = new List<ITaskStore>();
        try
        {
            foreach (var definition in definitions)
            {
                stores.Add(definition.CreateTaskStore(definition.OpenLocal(directory)));
            }
        }
        catch
        {
            stores.ForEach(s => s.Dispose());
            throw;
        }

        var manager = new TaskStateManager(changelog, directory, stores);
        if (usableCheckpoint is not null)
        {
            foreach (var (tp, offset) in usableCheckpoint.InputOffsets)
            {
                manager.Offsets[tp] = offset;
            }
        }

        return manager;
    }

    /// <summary>Replays the changelog from <paramref name="from"/> up to this instance's fence, then adopts the fence's epoch.</summary>
    public void Restore(ChangelogRestorer restorer, long from, long fenceOffset, Guid epoch, ChangelogReplayer replayer, Func<bool> interrupted,
        bool fromCheckpoint)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        RestoredRecords = Replay(restorer, from, fenceOffset, epoch, replayer, interrupted, fromCheckpoint ? "checkpoint" : "changelog start");
        RestoreDuration = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        RestoredFromCheckpoint = fromCheckpoint;
    }

    /// <summary>
    /// Brings the state back in line with the changelog after a failed batch: replays from <see cref="LogEnd"/> up
    /// to this instance's new fence (applying whatever another owner committed meanwhile), then adopts the new epoch.
    /// </summary>
    public void Resynchronize(ChangelogRestorer restorer, long fenceOffset, Guid epoch, Func<bool> interrupted)
    {
        if (fenceOffset < LogEnd)
        {
            throw new InvalidOperationException(
                $"Changelog {Changelog} ends before offset {LogEnd}, which the task already applied: was the topic recreated?");
        }

        Replay(restorer, LogEnd, fenceOffset, epoch, new ChangelogReplayer(Epoch, PendingPlan), interrupted, "re-synchronization");
    }

    private long Replay(ChangelogRestorer restorer, long from, long fenceOffset, Guid epoch, ChangelogReplayer replayer, Func<bool> interrupted,
        string source)
    {
        IsDirty = true;
        DiscardBatch();
        var read = restorer.Restore(this, from, fenceOffset, replayer, interrupted, source);
        PendingPlan = replayer.PendingPlan;
        Epoch = epoch;
        EpochOffset = fenceOffset;
        NextSequence = 0;
        LogEnd = fenceOffset + 1;
        IsDirty = false;
        return read;
    }

    /// <summary>Applies a batch read back from the changelog.</summary>
    public void ApplyRestored(CommittedBatch batch)
    {
        if (batch.Changes.Count > 0)
        {
            foreach (var group in batch.Changes.GroupBy(r => r.Store, StringComparer.Ordinal))
            {
                // Changes of a store no longer in the topology are left behind.
                if (_storesByName.TryGetValue(group.Key, out var store))
                {
                    store.Local.Write(group.Select(r => new KeyValuePair<byte[], byte[]?>(r.Key, r.Value)));
                }
            }
        }

        Offsets.Clear();
        foreach (var (tp, next) in batch.InputOffsets)
        {
            Offsets[tp] = next;
        }
    }

    /// <summary>The changelog records of the current batch: every key it changed in every store, in packs.</summary>
    public List<Message<byte[], byte[]>> ChangelogMessages()
    {
        var packs = ChangelogFormat.Packs(CurrentBatch, Stores.SelectMany(store => store.Cache.Changes().Select(c => (store.Name, c.Key, c.Value))));
        ChangelogRecordCount = packs.Count;
        return packs;
    }

    /// <summary>The batch's marker is at <paramref name="markerOffset"/>: apply its writes locally and move on.</summary>
    public void Commit(long markerOffset, IReadOnlyDictionary<TopicPartition, long> nextOffsets)
    {
        foreach (var store in Stores)
        {
            if (store.Cache.Count > 0)
            {
                store.Local.Write(store.Cache.Changes());
            }
        }

        foreach (var (tp, next) in nextOffsets)
        {
            Offsets[tp] = next;
        }

        PendingPlan = null;
        NextSequence++;
        LogEnd = markerOffset + 1;
        DiscardBatch();
    }

    /// <summary>Forgets the batch in progress; the local stores never saw it.</summary>
    public void DiscardBatch()
    {
        ChangelogRecordCount = 0;
        foreach (var store in Stores)
        {
            store.Cache.Clear();
        }
    }

    /// <summary>
    /// Flushes the stores and records how far they reflect the changelog, when that is possible (every store
    /// persistent, no restore in progress, no plan pending). Only called between batches, so the position is exact.
    /// </summary>
    public bool WriteCheckpoint()
    {
        if (IsDirty || PendingPlan is not null || !Stores.All(s => s.Local.IsPersistent))
        {
            return false;
        }

        foreach (var store in Stores)
        {
            store.Local.Flush();
        }

        // Written after the flush: the checkpoint may lag behind what is on disk, never run ahead of it.
        new TaskCheckpoint(Changelog.Topic, Changelog.Partition.Value, LogEnd, Epoch, Stores.Select(s => s.Name).ToArray(),
            new Dictionary<TopicPartition, long>(Offsets)).Write(Directory);
        return true;
    }

    public void Dispose()
    {
        foreach (var store in Stores)
        {
            store.Dispose();
        }
    }
}
