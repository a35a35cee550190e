using Confluent.Kafka;
using CustomerStream.Streaming.Changelog;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// One task on this instance: its stores, its processor, where its changelog stands and which input
/// offsets its state reflects, plus the bookkeeping of the batch in progress.
/// </summary>
internal sealed class StreamTask
{
    private readonly Dictionary<string, ITaskStore> _storesByName;
    private readonly Dictionary<ITaskStore, byte[]> _storePrefixes;
    private readonly Dictionary<TopicPartition, long> _batchNext = [];
    private readonly Dictionary<TopicPartition, long> _batchFirst = [];
    private IStreamProcessor? _processor;

    public StreamTask(string applicationId, TaskId id, string? changelogTopic, string directory, IReadOnlyList<ITaskStore> stores)
    {
        Id = id;
        ChangelogTopic = changelogTopic;
        Directory = directory;
        Stores = stores;
        _storesByName = stores.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _storePrefixes = stores.ToDictionary(s => s, s => ChangelogFormat.StorePrefix(s.Name));
        Context = new ProcessorContext(applicationId, id, _storesByName);
    }

    public TaskId Id { get; }

    /// <summary>The input partitions of this task assigned to this instance.</summary>
    public IReadOnlyList<TopicPartition> Inputs { get; init; } = [];

    public int Partition => Id.Partition;

    public string? ChangelogTopic { get; }

    public bool IsStateful => ChangelogTopic is not null;

    public string Directory { get; }

    public IReadOnlyList<ITaskStore> Stores { get; }

    public ProcessorContext Context { get; }

    /// <summary>The owner epoch this instance writes under.</summary>
    public Guid Epoch { get; set; }

    /// <summary>Sequence number of the next batch within <see cref="Epoch"/>.</summary>
    public long NextSequence { get; set; }

    /// <summary>The changelog offset right after the last record this task's state is known to reflect.</summary>
    public long LogEnd { get; set; }

    /// <summary>Next offset to read per input partition, as of the task's state (the source of truth on assignment).</summary>
    public Dictionary<TopicPartition, long> Offsets { get; } = [];

    public bool IsClosed { get; private set; }

    /// <summary>Set while local stores may hold a partial restore: such a task must not leave a checkpoint.</summary>
    public bool IsDirty { get; set; }

    public bool RestoredFromCheckpoint { get; set; }

    public long RestoredRecords { get; set; }

    public TimeSpan RestoreDuration { get; set; }

    public long CommittedBatches { get; private set; }

    public int BatchRecords { get; private set; }

    public TaskDeliveries? Deliveries { get; set; }

    public BatchId CurrentBatch => new(Epoch, NextSequence);

    public IReadOnlyDictionary<TopicPartition, long> BatchFirstOffsets => _batchFirst;

    public IReadOnlyDictionary<TopicPartition, long> BatchNextOffsets => _batchNext;

    public int ChangelogRecordCount => Stores.Sum(s => s.Cache.Count);

    public TaskStatus Status => new(Partition, RestoredFromCheckpoint, RestoredRecords, RestoreDuration, CommittedBatches);

    /// <summary>
    /// Creates the task's processor, replacing (and disposing) the previous one: after an abandoned batch a
    /// processor may hold in memory what that batch did, so it must not live on.
    /// </summary>
    public void CreateProcessor(Func<IProcessorContext, IStreamProcessor> factory)
    {
        (_processor as IDisposable)?.Dispose();
        _processor = null;
        _processor = factory(Context) ?? throw new InvalidOperationException("The processor factory returned null.");
    }

    public void Process(ConsumeResult<byte[], byte[]> result)
    {
        var record = new StreamRecord(result);
        Context.Begin(record);
        _processor!.Process(record, Context);
        Context.EndRecord();
        var tp = result.TopicPartition;
        _batchFirst.TryAdd(tp, result.Offset.Value);
        _batchNext[tp] = result.Offset.Value + 1;
        BatchRecords++;
    }

    public void EndBatch() => _processor!.OnBatchEnd(Context);

    public IEnumerable<Message<byte[], byte[]>> ChangelogMessages()
    {
        var batch = ChangelogFormat.BatchBytes(CurrentBatch);
        foreach (var store in Stores)
        {
            var prefix = _storePrefixes[store];
            foreach (var (key, value) in store.Cache.Changes())
            {
                yield return ChangelogFormat.Data(batch, prefix, key, value);
            }
        }
    }

    /// <summary>The task's input offsets once this batch counts: what its marker records.</summary>
    public Dictionary<TopicPartition, long> OffsetsAfterBatch()
    {
        var offsets = new Dictionary<TopicPartition, long>(Offsets);
        foreach (var (tp, next) in _batchNext)
        {
            offsets[tp] = next;
        }

        return offsets;
    }

    /// <summary>The batch's marker is in the changelog: apply its writes locally and move on.</summary>
    public void Commit(long markerOffset)
    {
        foreach (var store in Stores)
        {
            if (store.Cache.Count > 0)
            {
                store.Local.Write(store.Cache.Changes());
            }
        }

        foreach (var (tp, next) in _batchNext)
        {
            Offsets[tp] = next;
        }

        NextSequence++;
        LogEnd = markerOffset + 1;
        CommittedBatches++;
        ResetBatch();
    }

    /// <summary>A stateless task's batch is acknowledged.</summary>
    public void CommitStateless()
    {
        foreach (var (tp, next) in _batchNext)
        {
            Offsets[tp] = next;
        }

        CommittedBatches++;
        ResetBatch();
    }

    /// <summary>Forgets the batch in progress; the local stores never saw it.</summary>
    public void Abandon() => ResetBatch();

    /// <summary>Applies a batch read back from the changelog.</summary>
    public void ApplyRestored(CommittedBatch batch)
    {
        if (batch.Records.Count > 0)
        {
            foreach (var group in batch.Records.GroupBy(r => r.Store!, StringComparer.Ordinal))
            {
                // Records of a store no longer in the topology are left behind.
                if (_storesByName.TryGetValue(group.Key, out var store))
                {
                    store.Local.Write(group.Select(r => new KeyValuePair<byte[], byte[]?>(r.Key!, r.Value)));
                }
            }
        }

        Offsets.Clear();
        foreach (var (tp, next) in batch.InputOffsets)
        {
            Offsets[tp] = next;
        }
    }

    /// <summary>
    /// Flushes the stores and records how far they reflect the changelog, when that is possible (stateful,
    /// every store persistent, no restore in progress). Only called between batches, so the position is exact.
    /// </summary>
    public bool WriteCheckpoint()
    {
        if (!IsStateful || IsDirty || IsClosed || !Stores.All(s => s.Local.IsPersistent))
        {
            return false;
        }

        foreach (var store in Stores)
        {
            store.Local.Flush();
        }

        // Written after the flush: the checkpoint may lag behind what is on disk, never run ahead of it.
        new TaskCheckpoint(ChangelogTopic!, Partition, LogEnd, Epoch, Stores.Select(s => s.Name).ToArray(),
            new Dictionary<TopicPartition, long>(Offsets)).Write(Directory);
        return true;
    }

    /// <summary>Closes the task; with <paramref name="checkpoint"/>, flushes the stores and leaves a checkpoint first.</summary>
    public void Close(bool checkpoint)
    {
        if (IsClosed)
        {
            return;
        }

        try
        {
            if (checkpoint)
            {
                WriteCheckpoint();
            }
        }
        finally
        {
            IsClosed = true;
            (_processor as IDisposable)?.Dispose();
            foreach (var store in Stores)
            {
                store.Dispose();
            }
        }
    }

    private void ResetBatch()
    {
        foreach (var store in Stores)
        {
            store.Cache.Clear();
        }

        _batchNext.Clear();
        _batchFirst.Clear();
        BatchRecords = 0;
        Deliveries = null;
        Context.ResetBatch();
    }
}
