using Confluent.Kafka;
using CustomerStream.Streaming.Changelog;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// One task on this instance: its input partitions, its processor, its state (stateful tasks) and the
/// bookkeeping of the batch in progress.
/// </summary>
internal sealed class StreamTask
{
    private static readonly IReadOnlyDictionary<string, ITaskStore> NoStores = new Dictionary<string, ITaskStore>();
    private readonly Dictionary<TopicPartition, long> _batchNext = [];
    private readonly Dictionary<TopicPartition, long> _batchFirst = [];
    private readonly Dictionary<TopicPartition, long> _statelessOffsets = [];
    private IStreamProcessor? _processor;

    public StreamTask(string applicationId, TaskId id, IReadOnlyList<TopicPartition> inputs, TaskStateManager? state, bool plansBatches, string? deadLetterTopic = null)
    {
        Id = id;
        Inputs = inputs;
        State = state;
        PlansBatches = plansBatches;
        Context = new ProcessorContext(applicationId, id, state?.StoresByName ?? NoStores, () => State?.BatchVersion
            ?? throw new InvalidOperationException("A stateless task has no batch versions: versions come from a task's changelog epoch."),
            deadLetterTopic);
    }

    public TaskId Id { get; }

    /// <summary>The input partitions of this task assigned to this instance.</summary>
    public IReadOnlyList<TopicPartition> Inputs { get; }

    public int Partition => Id.Partition;

    /// <summary>The task's state, or null for a stateless task.</summary>
    public TaskStateManager? State { get; }

    public bool IsStateful => State is not null;

    /// <summary>Whether each batch writes its plan before any output (tasks that read several partitions in one order).</summary>
    public bool PlansBatches { get; }

    public ProcessorContext Context { get; }

    /// <summary>Next offset to read per input partition, as of the task's state.</summary>
    public Dictionary<TopicPartition, long> Offsets => State?.Offsets ?? _statelessOffsets;

    public bool IsClosed { get; private set; }

    public long CommittedBatches { get; private set; }

    public int BatchRecords { get; private set; }

    /// <summary>Told when input records were skipped: the partition, the offset expected and the offset found.</summary>
    public Action<TopicPartition, long, long>? SkippedRecords { get; init; }

    /// <summary>The plan written for the batch in progress (plan-writing tasks), until it commits or is abandoned.</summary>
    public BatchPlan? InFlightPlan { get; set; }

    public TaskDeliveries? Deliveries { get; set; }

    public IReadOnlyDictionary<TopicPartition, long> BatchFirstOffsets => _batchFirst;

    public IReadOnlyDictionary<TopicPartition, long> BatchNextOffsets => _batchNext;

    public TaskStatus Status => new(Partition, State?.RestoredFromCheckpoint ?? false, State?.RestoredRecords ?? 0,
        State?.RestoreDuration ?? TimeSpan.Zero, CommittedBatches);

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
        var tp = result.TopicPartition;
        if ((_batchNext.TryGetValue(tp, out var expected) || Offsets.TryGetValue(tp, out expected)) && result.Offset.Value > expected)
        {
            // The inputs are neither compacted nor transactional: a jump in offsets means records were removed before
            // they were read (the embedded cluster keeps only the newest ~5 MB of a partition; real Kafka, its retention).
            SkippedRecords?.Invoke(tp, expected, result.Offset.Value);
        }

        // Noted before processing: a batch abandoned on this record (see StreamTopology.RetryOn) resumes at it.
        _batchFirst.TryAdd(tp, result.Offset.Value);
        var record = new StreamRecord(result);
        Context.Begin(record);
        _processor!.Process(record, Context);
        Context.EndRecord();
        _batchNext[tp] = result.Offset.Value + 1;
        BatchRecords++;
    }

    public void EndBatch() => _processor!.OnBatchEnd(Context);

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

    /// <summary>The batch's marker is in the changelog at <paramref name="markerOffset"/>.</summary>
    public void Commit(long markerOffset)
    {
        State!.Commit(markerOffset, _batchNext);
        CommittedBatches++;
        ResetBatch();
    }

    /// <summary>A stateless task's batch is acknowledged.</summary>
    public void CommitStateless()
    {
        foreach (var (tp, next) in _batchNext)
        {
            _statelessOffsets[tp] = next;
        }

        CommittedBatches++;
        ResetBatch();
    }

    /// <summary>Forgets the batch in progress; the local stores never saw it.</summary>
    public void Abandon()
    {
        State?.DiscardBatch();
        ResetBatch();
    }

    /// <summary>Writes a checkpoint when the task's state allows one.</summary>
    public bool WriteCheckpoint() => !IsClosed && State is not null && State.WriteCheckpoint();

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
            State?.Dispose();
        }
    }

    private void ResetBatch()
    {
        _batchNext.Clear();
        _batchFirst.Clear();
        BatchRecords = 0;
        Deliveries = null;
        InFlightPlan = null;
        Context.ResetBatch();
    }
}
