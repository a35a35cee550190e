using System.Runtime.ExceptionServices;
using Confluent.Kafka;
using CustomerStream.Kafka;
using CustomerStream.Streaming.Changelog;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Telemetry;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// Which tasks this instance runs, and their life cycle: what happens on rebalance (assignment opens and
/// restores tasks, revocation closes them with a checkpoint, loss closes them without), how a task is brought
/// back in line after a failed batch, and how a single-task topology follows its lease. Runs on the stream
/// thread only (librdkafka calls the rebalance handlers from inside the consumer's poll), so it needs no locks.
/// </summary>
internal sealed class TaskManager
{
    private readonly StreamApplicationOptions _options;
    private readonly StreamTopology _topology;
    private readonly string? _changelogTopic;
    private readonly IReadOnlyDictionary<string, int> _inputPartitions;
    private readonly RecordCollector _collector;
    private readonly ChangelogRestorer? _restorer;
    private readonly ThreadAccounting _accounting;
    private readonly ILogger _logger;
    private readonly Func<bool> _interrupted;
    private readonly Action _throwIfFatal;
    private readonly string _stateDirectory;
    private readonly Dictionary<int, StreamTask> _tasks = [];
    private readonly Dictionary<TopicPartition, StreamTask> _byInput = [];
    private readonly List<StreamTask> _opened = [];
    private ExceptionDispatchInfo? _handlerError;
    private volatile IReadOnlyList<TaskStatus> _statuses = [];

    public TaskManager(
        StreamApplicationOptions options,
        StreamTopology topology,
        string? changelogTopic,
        IReadOnlyDictionary<string, int> inputPartitions,
        RecordCollector collector,
        ChangelogRestorer? restorer,
        ThreadAccounting accounting,
        ILogger logger,
        Func<bool> interrupted,
        Action throwIfFatal)
    {
        _options = options;
        _topology = topology;
        _changelogTopic = changelogTopic;
        _inputPartitions = inputPartitions;
        _collector = collector;
        _restorer = restorer;
        _accounting = accounting;
        _logger = logger;
        _interrupted = interrupted;
        _throwIfFatal = throwIfFatal;
        _stateDirectory = Path.Combine(options.StateDirectory, options.ApplicationId);
    }

    /// <summary>What the group member subscribes to: the inputs, or the lease of a single-task topology.</summary>
    public IReadOnlyList<string> Subscription => _topology.LeaseTopic is { } lease ? [lease] : _topology.InputTopics;

    public IReadOnlyCollection<StreamTask> Tasks => _tasks.Values;

    public IReadOnlyList<TaskStatus> Statuses => _statuses;

    /// <summary>The task that reads <paramref name="partition"/>, if this instance runs it.</summary>
    public StreamTask? TaskFor(TopicPartition partition) => _byInput.GetValueOrDefault(partition);

    /// <summary>A task whose planned batch must be processed before anything else, if any.</summary>
    public StreamTask? TaskWithPendingPlan() => _tasks.Values.FirstOrDefault(t => t.State?.PendingPlan is not null);

    /// <summary>
    /// Tasks opened since the last call. The loop stores their state's input offsets for the group commit once
    /// the assignment is in effect: a partition whose records were all processed before a crash would otherwise
    /// keep the group's older committed offset (and show lag) until it gets a new record.
    /// </summary>
    public IReadOnlyList<StreamTask> TakeOpened()
    {
        if (_opened.Count == 0)
        {
            return [];
        }

        var opened = _opened.Where(t => !t.IsClosed).ToList();
        _opened.Clear();
        return opened;
    }

    /// <summary>Rethrows, on the loop, what a rebalance handler ran into (handlers must not throw into librdkafka).</summary>
    public void ThrowIfHandlerFailed() => _handlerError?.Throw();

    public IEnumerable<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        if (_handlerError is not null)
        {
            return [];
        }

        var started = ThreadAccounting.Start();
        try
        {
            var start = _topology.IsSingleTask ? AssignSingleTask(partitions) : AssignPerPartition(partitions);
            Log.Assigned(_logger, _options.ApplicationId, string.Join(',', _tasks.Keys.Order()));
            PublishStatuses();
            return start;
        }
        catch (Exception e)
        {
            _handlerError = ExceptionDispatchInfo.Capture(e);
            return [];
        }
        finally
        {
            _accounting.Add(ThreadAccounting.Phase.Restore, started);
        }
    }

    public void OnRevoked(List<TopicPartitionOffset> partitions) => CloseTasksOf(partitions, checkpoint: true, lost: false);

    public void OnLost(List<TopicPartitionOffset> partitions) => CloseTasksOf(partitions, checkpoint: false, lost: true);

    /// <summary>
    /// Brings a task whose batch failed back in line with its changelog: a new epoch fences whatever the failed
    /// batch left behind, and replaying from the last known position applies exactly what the replay rules say
    /// counts (including batches of another instance, if one took the task meanwhile, and a plan left pending).
    /// </summary>
    public void Resynchronize(StreamTask task)
    {
        var started = ThreadAccounting.Start();
        try
        {
            var state = task.State!;
            var epoch = Guid.NewGuid();
            var fence = _collector.WriteFence(state.Changelog, ChangelogFormat.Fence(epoch), _interrupted, _throwIfFatal);
            state.Resynchronize(_restorer!, fence, epoch, _interrupted);
        }
        finally
        {
            _accounting.Add(ThreadAccounting.Phase.Restore, started);
        }
    }

    /// <summary>Where the group member must resume <paramref name="task"/>'s input after its batch was abandoned.</summary>
    public IEnumerable<TopicPartitionOffset> ResumePositions(StreamTask task, IReadOnlyDictionary<TopicPartition, long> batchFirstOffsets)
    {
        foreach (var tp in task.Inputs)
        {
            if (task.State?.PendingPlan?.EndOffsets.TryGetValue(tp, out var end) == true)
            {
                yield return new TopicPartitionOffset(tp, end);
            }
            else if (task.Offsets.TryGetValue(tp, out var offset) || batchFirstOffsets.TryGetValue(tp, out offset))
            {
                yield return new TopicPartitionOffset(tp, offset);
            }
        }
    }

    public void CheckpointAll()
    {
        foreach (var task in _tasks.Values)
        {
            task.WriteCheckpoint();
        }
    }

    /// <summary>Closes every task (with checkpoints when <paramref name="checkpoint"/>), e.g. at shutdown or on a crash.</summary>
    public void CloseAll(bool checkpoint)
    {
        foreach (var task in _tasks.Values)
        {
            task.Abandon();
            task.Close(checkpoint);
        }

        _tasks.Clear();
        _byInput.Clear();
        PublishStatuses();
    }

    public void PublishStatuses() => _statuses = _tasks.Values.OrderBy(t => t.Partition).Select(t => t.Status).ToArray();

    private List<TopicPartitionOffset> AssignPerPartition(List<TopicPartition> partitions)
    {
        var start = new List<TopicPartitionOffset>();
        foreach (var group in partitions.GroupBy(p => p.Partition.Value).OrderBy(g => g.Key))
        {
            Replace(OpenTask(group.Key, group.ToArray()), start);
        }

        return start;
    }

    private List<TopicPartitionOffset> AssignSingleTask(List<TopicPartition> partitions)
    {
        // The lease's partitions themselves are assigned as given (nothing is ever read from them).
        var start = partitions.Select(p => new TopicPartitionOffset(p, Offset.End)).ToList();
        if (!partitions.Any(p => p.Topic == _topology.LeaseTopic && p.Partition.Value == 0))
        {
            return start;
        }

        var inputs = _topology.InputTopics
            .SelectMany(topic => Enumerable.Range(0, _inputPartitions[topic]).Select(p => new TopicPartition(topic, p)))
            .ToArray();
        Replace(OpenTask(0, inputs), start);
        return start;
    }

    private void Replace(StreamTask task, List<TopicPartitionOffset> start)
    {
        if (_tasks.Remove(task.Partition, out var stale))
        {
            Unmap(stale);
            stale.Close(checkpoint: true);
        }

        _tasks[task.Partition] = task;
        _opened.Add(task);
        foreach (var tp in task.Inputs)
        {
            _byInput[tp] = task;
            start.Add(StartOffset(task, tp));
        }
    }

    private void CloseTasksOf(List<TopicPartitionOffset> partitions, bool checkpoint, bool lost)
    {
        var closed = new List<int>();
        var started = ThreadAccounting.Start();
        try
        {
            var revoked = partitions.Select(p => p.TopicPartition).ToHashSet();
            var affected = _topology.IsSingleTask
                ? (revoked.Any(p => p.Topic == _topology.LeaseTopic) ? _tasks.Values.ToList() : [])
                : _tasks.Values.Where(t => t.Inputs.Any(revoked.Contains)).ToList();
            foreach (var task in affected)
            {
                _tasks.Remove(task.Partition);
                Unmap(task);
                closed.Add(task.Partition);
                task.Abandon();
                task.Close(checkpoint);
            }
        }
        catch (Exception e)
        {
            _handlerError ??= ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _accounting.Add(ThreadAccounting.Phase.Restore, started);
        }

        if (lost)
        {
            Log.Lost(_logger, _options.ApplicationId, string.Join(',', closed));
        }
        else
        {
            Log.Revoked(_logger, _options.ApplicationId, string.Join(',', closed));
        }

        PublishStatuses();
    }

    private void Unmap(StreamTask task)
    {
        foreach (var tp in task.Inputs)
        {
            if (_byInput.TryGetValue(tp, out var mapped) && mapped == task)
            {
                _byInput.Remove(tp);
            }
        }
    }

    private StreamTask OpenTask(int partition, IReadOnlyList<TopicPartition> inputs)
    {
        var id = new TaskId(partition);
        if (!_topology.IsStateful)
        {
            var stateless = new StreamTask(_options.ApplicationId, id, inputs, null, plansBatches: false, _topology.DeadLetterTopic?.Name) { SkippedRecords = Skipped };
            stateless.CreateProcessor(_topology.ProcessorFactory);
            return stateless;
        }

        // The fence goes first: it claims the partition, and the restore reads up to it.
        var changelog = new TopicPartition(_changelogTopic, partition);
        var epoch = Guid.NewGuid();
        var fence = _collector.WriteFence(changelog, ChangelogFormat.Fence(epoch), _interrupted, _throwIfFatal);
        var directory = Path.Combine(_stateDirectory, $"task-{partition}");
        var state = TaskStateManager.Open(changelog, directory, _topology.Stores, fence,
            reason => Log.CheckpointIgnored(_logger, _options.ApplicationId, partition, reason), out var checkpoint);
        try
        {
            var replayer = new ChangelogReplayer(checkpoint?.Owner);
            FailPoints.Reach(FailPoints.RestorePrefix + _options.ApplicationId);
            state.Restore(_restorer!, checkpoint?.NextOffset ?? 0, fence, epoch, replayer, _interrupted, fromCheckpoint: checkpoint is not null);
            var task = new StreamTask(_options.ApplicationId, id, inputs, state, plansBatches: _topology.IsSingleTask, _topology.DeadLetterTopic?.Name) { SkippedRecords = Skipped };
            task.CreateProcessor(_topology.ProcessorFactory);
            return task;
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    private void Skipped(TopicPartition partition, long expected, long found)
    {
        _accounting.Skipped(partition.Topic, found - expected);
        Log.RecordsSkipped(_logger, _options.ApplicationId, partition.Topic, partition.Partition.Value, expected, found, found - expected);
    }

    private TopicPartitionOffset StartOffset(StreamTask task, TopicPartition tp)
    {
        // The records of a pending plan are read by the restore consumer; the group member starts after them.
        if (task.State?.PendingPlan?.EndOffsets.TryGetValue(tp, out var end) == true)
        {
            return new TopicPartitionOffset(tp, end);
        }

        if (task.Offsets.TryGetValue(tp, out var offset))
        {
            return new TopicPartitionOffset(tp, offset);
        }

        if (!task.IsStateful)
        {
            return new TopicPartitionOffset(tp, Offset.Unset);
        }

        return new TopicPartitionOffset(tp, _options.AutoOffsetReset == AutoOffsetReset.Latest ? Offset.End : Offset.Beginning);
    }
}
