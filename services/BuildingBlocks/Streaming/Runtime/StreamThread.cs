using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Confluent.Kafka;
using CustomerStream.Streaming.Changelog;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.State;
using CustomerStream.Streaming.Telemetry;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// The processing loop of one instance: one consumer (the group's member), one producer, one consumer
/// for restores, and the tasks of the partitions assigned to it. Everything here runs on the loop's
/// thread, rebalance callbacks included (librdkafka calls them from inside <c>Consume</c>, i.e. between
/// batches), so tasks need no locks.
/// </summary>
internal sealed class StreamThread
{
    private static readonly TimeSpan GaugeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan QueueFullBackoff = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan MinimumPoll = TimeSpan.FromMilliseconds(1);

    // Delivery errors that no retry of the batch can cure: stop instead of reprocessing forever.
    private static readonly HashSet<ErrorCode> PermanentErrors =
    [
        ErrorCode.Local_UnknownTopic, ErrorCode.UnknownTopicOrPart, ErrorCode.Local_UnknownPartition,
        ErrorCode.TopicAuthorizationFailed, ErrorCode.ClusterAuthorizationFailed,
        ErrorCode.MsgSizeTooLarge, ErrorCode.RecordListTooLarge,
    ];

    private readonly StreamApplicationOptions _options;
    private readonly StreamTopology _topology;
    private readonly string? _changelogTopic;
    private readonly string _stateDirectory;
    private readonly StreamingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Dictionary<int, StreamTask> _tasks = [];
    private readonly List<(StreamTask Task, ConsumeResult<byte[], byte[]> Record)> _batch = [];
    private readonly CancellationTokenSource _crash = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private IConsumer<byte[], byte[]>? _consumer;
    private IProducer<byte[], byte[]>? _producer;
    private IConsumer<byte[], byte[]>? _restoreConsumer;
    private ChangelogRestorer? _restorer;
    private ExceptionDispatchInfo? _handlerError;
    private volatile Error? _fatalError;
    private volatile bool _stopRequested;
    private int _crashPoint = -1;
    private long _processed;
    private long _committed;
    private long _abandoned;
    private TimeSpan _lastGauges = -GaugeInterval;
    private TimeSpan _lastCheckpoint;
    private volatile IReadOnlyList<TaskStatus> _statuses = [];

    public StreamThread(StreamApplicationOptions options, StreamTopology topology, string? changelogTopic, StreamingMetrics metrics, ILogger logger)
    {
        _options = options;
        _topology = topology;
        _changelogTopic = changelogTopic;
        _metrics = metrics;
        _logger = logger;
        _stateDirectory = Path.Combine(options.StateDirectory, options.ApplicationId);
    }

    public IReadOnlyList<TaskStatus> Tasks => _statuses;

    public long ProcessedRecords => Interlocked.Read(ref _processed);

    public long CommittedBatches => Interlocked.Read(ref _committed);

    public long AbandonedBatches => Interlocked.Read(ref _abandoned);

    public void RequestStop() => _stopRequested = true;

    public void RequestCrash(CrashPoint point)
    {
        Volatile.Write(ref _crashPoint, (int)point);
        if (point == CrashPoint.Immediately)
        {
            _crash.Cancel();
        }
    }

    /// <summary>Runs until a stop, a simulated crash or an error; returns the final state.</summary>
    public async Task<StreamApplicationState> RunAsync()
    {
        try
        {
            CreateClients();
            _consumer!.Subscribe(_topology.InputTopics);
            while (!_stopRequested)
            {
                CheckCrash(CrashPoint.Immediately);
                Gather();
                if (_batch.Count > 0)
                {
                    await ProcessBatchAsync().ConfigureAwait(false);
                }

                UpdateGauges();
                CheckpointIfDue();
            }

            ShutDown();
            return StreamApplicationState.Stopped;
        }
        catch (Exception e) when (IsCrash(e))
        {
            Log.SimulatedCrash(_logger, _options.ApplicationId, (CrashPoint)Volatile.Read(ref _crashPoint));
            Crash();
            return StreamApplicationState.Crashed;
        }
        catch (OperationCanceledException) when (_stopRequested)
        {
            // A restore or re-synchronization was interrupted by the stop; its task is dirty and leaves no checkpoint.
            ShutDown();
            return StreamApplicationState.Stopped;
        }
        catch (Exception failure)
        {
            try
            {
                ShutDown();
            }
            catch (Exception shutdown)
            {
                // The failure that stopped the loop is what callers must see; this one only gets logged.
                Log.ClientError(_logger, _options.ApplicationId, $"shutting down after a failure failed too: {shutdown.Message}");
            }

            ExceptionDispatchInfo.Capture(failure).Throw();
            throw;
        }
    }

    private void Gather()
    {
        _batch.Clear();
        long bytes = 0;
        var deadline = _clock.Elapsed + _options.MaxBatchWait;
        while (_batch.Count < _options.MaxBatchRecords && bytes < _options.MaxBatchBytes && !_stopRequested)
        {
            var remaining = deadline - _clock.Elapsed;
            ConsumeResult<byte[], byte[]>? result;
            try
            {
                // Never a zero timeout: librdkafka suspends max.poll.interval.ms only inside a blocking poll, and
                // an assignment may restore tasks from inside this call for a long time.
                result = _consumer!.Consume(remaining > MinimumPoll ? remaining : MinimumPoll);
            }
            catch (ConsumeException e) when (!e.Error.IsFatal)
            {
                // E.g. the poll interval was exceeded (a batch took too long): the consumer rejoins by itself on
                // the next poll, and what this instance may still write is fenced in the changelogs.
                Log.ClientError(_logger, _options.ApplicationId, $"{e.Error.Code}: {e.Error.Reason}");
                _handlerError?.Throw();
                break;
            }

            _handlerError?.Throw();
            CheckCrash(CrashPoint.Immediately);
            ThrowIfFatal();
            if (result is null)
            {
                break;
            }

            if (result.IsPartitionEOF)
            {
                continue;
            }

            if (!_tasks.TryGetValue(result.Partition.Value, out var task))
            {
                Log.NoTask(_logger, _options.ApplicationId, result.Topic, result.Partition.Value);
                continue;
            }

            _batch.Add((task, result));
            bytes += (result.Message.Key?.Length ?? 0) + (result.Message.Value?.Length ?? 0);
        }
    }

    private async Task ProcessBatchAsync()
    {
        var started = _clock.Elapsed;
        using var activity = StartBatchActivity();
        var tasks = new List<StreamTask>();
        foreach (var (task, record) in _batch)
        {
            // Records gathered before a revocation belong to a closed task: its next owner reads them again.
            if (task.IsClosed)
            {
                continue;
            }

            if (task.BatchRecords == 0)
            {
                tasks.Add(task);
                task.Context.BatchTraceContext = activity?.Context ?? default;
            }

            task.Process(record);
            CheckCrash(CrashPoint.Immediately);
        }

        _batch.Clear();
        if (tasks.Count == 0)
        {
            return;
        }

        foreach (var task in tasks)
        {
            task.EndBatch();
        }

        CheckCrash(CrashPoint.AfterProcessing);

        // 1. Outputs and changelog records, all of them acknowledged before any marker.
        var writes = new BatchDeliveries();
        foreach (var task in tasks)
        {
            var deliveries = task.Deliveries = new TaskDeliveries(writes);
            foreach (var output in task.Context.Outputs)
            {
                var message = await output.ToMessageAsync().ConfigureAwait(false);
                await ProduceAsync(new TopicPartition(output.Topic, Partition.Any), message, deliveries.Output, writes, deliveries).ConfigureAwait(false);
            }

            if (task.IsStateful)
            {
                var changelog = new TopicPartition(_changelogTopic, task.Partition);
                foreach (var message in task.ChangelogMessages())
                {
                    await ProduceAsync(changelog, message, deliveries.Changelog, writes, deliveries).ConfigureAwait(false);
                }
            }
        }

        await writes.SealAndWaitAsync(_crash.Token).ConfigureAwait(false);
        CheckCrash(CrashPoint.AfterChangelogWrites);

        // 2. One commit marker per task: from here on the batch is part of the task's state.
        var failed = new List<(StreamTask Task, string Reason)>();
        var markers = new BatchDeliveries();
        foreach (var task in tasks)
        {
            var deliveries = task.Deliveries!;
            if (deliveries.Failed)
            {
                failed.Add((task, $"write failed: {deliveries.FirstError!.Reason}"));
            }
            else if (task.IsStateful && !deliveries.ChangelogContiguous(task.LogEnd, task.ChangelogRecordCount))
            {
                failed.Add((task, "another writer appended to the task's changelog"));
            }
            else if (task.IsStateful)
            {
                var marker = ChangelogFormat.Marker(task.CurrentBatch, task.OffsetsAfterBatch());
                await ProduceAsync(new TopicPartition(_changelogTopic, task.Partition), marker, deliveries.MarkerHandler(markers), markers, deliveries)
                    .ConfigureAwait(false);
            }
        }

        await markers.SealAndWaitAsync(_crash.Token).ConfigureAwait(false);
        CheckCrash(CrashPoint.AfterCommitMarkers);

        // 3. Apply to the local stores and store the offsets (committed to the group in the background).
        var records = 0;
        var outputs = 0;
        foreach (var task in tasks)
        {
            if (failed.Exists(f => f.Task == task))
            {
                continue;
            }

            var deliveries = task.Deliveries!;
            if (task.IsStateful && (deliveries.Failed || deliveries.MarkerOffset != task.LogEnd + task.ChangelogRecordCount))
            {
                failed.Add((task, deliveries.Failed
                    ? $"commit marker write failed: {deliveries.FirstError!.Reason}"
                    : "another writer appended to the task's changelog"));
                continue;
            }

            var next = new Dictionary<TopicPartition, long>(task.BatchNextOffsets);
            records += task.BatchRecords;
            outputs += task.Context.Outputs.Count;
            if (task.IsStateful)
            {
                task.Commit(deliveries.MarkerOffset);
            }
            else
            {
                task.CommitStateless();
            }

            StoreOffsets(next);
        }

        foreach (var (task, reason) in failed)
        {
            if (task.Deliveries?.FirstError is { } error && PermanentErrors.Contains(error.Code))
            {
                throw new KafkaException(new Error(error.Code,
                    $"Task {task.Partition} of {_options.ApplicationId} cannot write its batch ({error.Reason}); a retry would fail the same way."));
            }

            Recover(task, reason);
        }

        Interlocked.Add(ref _processed, records);
        if (records > 0)
        {
            Interlocked.Increment(ref _committed);
        }

        _metrics.BatchCommitted(records, outputs, _clock.Elapsed - started);
        activity?.SetTag("messaging.batch.message_count", records);
        PublishStatuses();
    }

    private Activity? StartBatchActivity()
    {
        if (!StreamingTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        // A batch mixes records of many traces: link (a bounded number of) them rather than pick one parent.
        var links = new List<ActivityLink>();
        foreach (var (_, record) in _batch)
        {
            if (links.Count == 32)
            {
                break;
            }

            if (TraceContextPropagation.TryExtract(record.Message.Headers, out var context))
            {
                links.Add(new ActivityLink(context));
            }
        }

        return StreamingTelemetry.ActivitySource.StartActivity(
            $"{_options.ApplicationId} process",
            ActivityKind.Consumer,
            parentContext: default,
            tags:
            [
                new(StreamingTelemetry.ApplicationIdTag, _options.ApplicationId),
                new("messaging.system", "kafka"),
                new("messaging.consumer.group.name", _options.ApplicationId),
            ],
            links: links);
    }

    private async ValueTask ProduceAsync(
        TopicPartition destination,
        Message<byte[], byte[]> message,
        Action<DeliveryReport<byte[], byte[]>> onDelivery,
        BatchDeliveries phase,
        TaskDeliveries deliveries)
    {
        phase.Add();
        while (true)
        {
            try
            {
                if (destination.Partition == Partition.Any)
                {
                    _producer!.Produce(destination.Topic, message, onDelivery);
                }
                else
                {
                    _producer!.Produce(destination, message, onDelivery);
                }

                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Backpressure: the producer's queue is bounded; wait for acknowledgements to make room.
                await Task.Delay(QueueFullBackoff, _crash.Token).ConfigureAwait(false);
            }
            catch (KafkaException e)
            {
                deliveries.Fail(e.Error);
                phase.Complete();
                return;
            }
        }
    }

    private void Recover(StreamTask task, string reason)
    {
        Log.BatchAbandoned(_logger, _options.ApplicationId, task.Partition, reason);
        Interlocked.Increment(ref _abandoned);
        _metrics.BatchAbandoned();
        var first = new Dictionary<TopicPartition, long>(task.BatchFirstOffsets);
        task.Abandon();
        if (task.IsStateful)
        {
            Resync(task);
        }

        task.CreateProcessor(_topology.ProcessorFactory);
        foreach (var tp in task.Inputs)
        {
            if (task.Offsets.TryGetValue(tp, out var offset) || first.TryGetValue(tp, out offset))
            {
                _consumer!.Seek(new TopicPartitionOffset(tp, offset));
            }
        }
    }

    /// <summary>
    /// Brings a task whose batch failed back in line with its changelog: a new epoch fences whatever the
    /// failed batch left behind, and replaying from the last known position applies exactly what the
    /// replay rules say counts (including batches of another instance, if one took the task meanwhile).
    /// </summary>
    private void Resync(StreamTask task)
    {
        task.IsDirty = true;
        var epoch = Guid.NewGuid();
        var fence = WriteFence(task.Partition, epoch);
        if (fence < task.LogEnd)
        {
            throw new InvalidOperationException(
                $"Changelog {_changelogTopic}[{task.Partition}] ends before offset {task.LogEnd}, which the task already applied: was the topic recreated?");
        }

        _restorer!.Restore(task, task.LogEnd, fence, new ChangelogReplayer(task.Epoch), ShouldInterrupt, "re-synchronization");
        task.Epoch = epoch;
        task.NextSequence = 0;
        task.LogEnd = fence + 1;
        task.IsDirty = false;
    }

    private IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions)
    {
        if (_handlerError is not null)
        {
            return [];
        }

        try
        {
            var start = new List<TopicPartitionOffset>();
            foreach (var group in partitions.GroupBy(p => p.Partition.Value).OrderBy(g => g.Key))
            {
                if (_tasks.Remove(group.Key, out var stale))
                {
                    stale.Close(checkpoint: true);
                }

                var task = OpenTask(group.Key, group.ToArray());
                _tasks[group.Key] = task;
                start.AddRange(group.Select(tp => StartOffset(task, tp)));
            }

            Log.Assigned(_logger, _options.ApplicationId, string.Join(',', _tasks.Keys.Order()));
            PublishStatuses();
            return start;
        }
        catch (Exception e)
        {
            _handlerError = ExceptionDispatchInfo.Capture(e);
            return [];
        }
    }

    private void OnRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions) =>
        CloseTasks(partitions, checkpoint: true, lost: false);

    private void OnLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions) =>
        CloseTasks(partitions, checkpoint: false, lost: true);

    private void CloseTasks(List<TopicPartitionOffset> partitions, bool checkpoint, bool lost)
    {
        var closed = new List<int>();
        try
        {
            foreach (var partition in partitions.Select(p => p.Partition.Value).Distinct())
            {
                if (_tasks.Remove(partition, out var task))
                {
                    closed.Add(partition);
                    task.Abandon();
                    task.Close(checkpoint);
                }
            }
        }
        catch (Exception e)
        {
            _handlerError ??= ExceptionDispatchInfo.Capture(e);
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

    private StreamTask OpenTask(int partition, IReadOnlyList<TopicPartition> inputs)
    {
        var directory = Path.Combine(_stateDirectory, $"task-{partition}");
        var id = new TaskId(partition);
        if (!_topology.IsStateful)
        {
            var stateless = new StreamTask(_options.ApplicationId, id, null, directory, []) { Inputs = inputs };
            stateless.CreateProcessor(_topology.ProcessorFactory);
            return stateless;
        }

        // The fence goes first: it claims the partition, and the restore reads up to it.
        var epoch = Guid.NewGuid();
        var fence = WriteFence(partition, epoch);
        var checkpoint = TaskCheckpoint.TryRead(directory);
        var reason = checkpoint is null ? null
            : !checkpoint.Matches(_changelogTopic!, partition, _topology.Stores.Select(s => s.Name)) ? "it describes other stores"
            : _topology.Stores.Any(s => s.Kind == StoreKind.InMemory) ? "in-memory stores keep nothing across restarts"
            : checkpoint.NextOffset > fence ? "the changelog is shorter than the checkpoint"
            : null;
        if (checkpoint is not null && reason is not null)
        {
            Log.CheckpointIgnored(_logger, _options.ApplicationId, partition, reason);
        }

        var useCheckpoint = checkpoint is not null && reason is null;
        if (!useCheckpoint && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        // A kept checkpoint stays valid while the task runs: the stores only ever move ahead of it by whole
        // committed batches, which a replay from the checkpoint applies again to the same result.
        var stores = new List<ITaskStore>();
        try
        {
            foreach (var definition in _topology.Stores)
            {
                stores.Add(definition.CreateTaskStore(definition.OpenLocal(directory)));
            }
        }
        catch
        {
            stores.ForEach(s => s.Dispose());
            throw;
        }

        var task = new StreamTask(_options.ApplicationId, id, _changelogTopic, directory, stores) { Inputs = inputs, IsDirty = true };
        try
        {
            if (useCheckpoint)
            {
                foreach (var (tp, offset) in checkpoint!.InputOffsets)
                {
                    task.Offsets[tp] = offset;
                }
            }

            var clock = Stopwatch.StartNew();
            var replayer = new ChangelogReplayer(useCheckpoint ? checkpoint!.Owner : null);
            var from = useCheckpoint ? checkpoint!.NextOffset : 0;
            task.RestoredRecords = _restorer!.Restore(task, from, fence, replayer, ShouldInterrupt, useCheckpoint ? "checkpoint" : "changelog start");
            task.RestoreDuration = clock.Elapsed;
            task.RestoredFromCheckpoint = useCheckpoint;
            task.Epoch = epoch;
            task.NextSequence = 0;
            task.LogEnd = fence + 1;
            task.IsDirty = false;
            task.CreateProcessor(_topology.ProcessorFactory);
            return task;
        }
        catch
        {
            task.Close(checkpoint: false);
            throw;
        }
    }

    private TopicPartitionOffset StartOffset(StreamTask task, TopicPartition tp)
    {
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

    private long WriteFence(int partition, Guid epoch)
    {
        var tp = new TopicPartition(_changelogTopic, partition);
        while (true)
        {
            // Not disposed: a report arriving after an interrupted wait must still find it usable.
            var done = new ManualResetEventSlim();
            DeliveryReport<byte[], byte[]>? report = null;
            var message = ChangelogFormat.Fence(epoch);
            while (true)
            {
                try
                {
                    _producer!.Produce(tp, message, r =>
                    {
                        report = r;
                        done.Set();
                    });
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    Thread.Sleep(QueueFullBackoff);
                }
            }

            while (!done.Wait(TimeSpan.FromMilliseconds(100)))
            {
                if (ShouldInterrupt())
                {
                    throw new OperationCanceledException($"Fencing task {partition} interrupted by shutdown.");
                }
            }

            if (!report!.Error.IsError)
            {
                return report.Offset.Value;
            }

            ThrowIfFatal();
            Log.ClientError(_logger, _options.ApplicationId, $"fence of task {partition} not written ({report.Error.Reason}); retrying");
        }
    }

    private void StoreOffsets(Dictionary<TopicPartition, long> offsets)
    {
        foreach (var (tp, offset) in offsets)
        {
            try
            {
                _consumer!.StoreOffset(new TopicPartitionOffset(tp, offset));
            }
            catch (KafkaException e)
            {
                Log.CommitFailed(_logger, _options.ApplicationId, e.Error.Reason);
            }
        }
    }

    private void UpdateGauges()
    {
        if (_clock.Elapsed - _lastGauges < GaugeInterval)
        {
            return;
        }

        _lastGauges = _clock.Elapsed;
        var lag = new List<(string, int, long)>();
        var sizes = new List<(string, int, long)>();
        foreach (var task in _tasks.Values)
        {
            foreach (var tp in task.Inputs)
            {
                var watermarks = _consumer!.GetWatermarkOffsets(tp);
                if (watermarks.High.Value >= 0 && task.Offsets.TryGetValue(tp, out var position))
                {
                    lag.Add((tp.Topic, tp.Partition.Value, Math.Max(0, watermarks.High.Value - position)));
                }
            }

            foreach (var store in task.Stores)
            {
                sizes.Add((store.Name, task.Partition, store.Local.ApproximateCount));
            }
        }

        _metrics.SetLag(lag);
        _metrics.SetStoreSizes(sizes);
    }

    private void CheckpointIfDue()
    {
        if (_clock.Elapsed - _lastCheckpoint < _options.CheckpointInterval)
        {
            return;
        }

        _lastCheckpoint = _clock.Elapsed;
        foreach (var task in _tasks.Values)
        {
            task.WriteCheckpoint();
        }
    }

    private void PublishStatuses() => _statuses = _tasks.Values.OrderBy(t => t.Partition).Select(t => t.Status).ToArray();

    private void ShutDown()
    {
        foreach (var task in _tasks.Values)
        {
            task.Abandon();
        }

        try
        {
            // Leaves the group (so partitions move at once) and commits the stored offsets; the revocation it
            // triggers closes the tasks with checkpoints.
            _consumer?.Close();
        }
        catch (Exception e) when (e is KafkaException or InvalidOperationException or ObjectDisposedException)
        {
            Log.ClientError(_logger, _options.ApplicationId, $"closing the consumer failed: {e.Message}");
        }

        foreach (var task in _tasks.Values)
        {
            task.Close(checkpoint: true);
        }

        _tasks.Clear();
        PublishStatuses();
        try
        {
            _producer?.Flush(TimeSpan.FromSeconds(10));
        }
        catch (KafkaException e)
        {
            Log.ClientError(_logger, _options.ApplicationId, $"flushing the producer failed: {e.Message}");
        }

        DisposeClients();
    }

    private void Crash()
    {
        foreach (var task in _tasks.Values)
        {
            task.Close(checkpoint: false);
        }

        _tasks.Clear();
        PublishStatuses();

        // Dispose without Close: no final commit, no leave-group; the group notices after the session timeout.
        DisposeClients();
    }

    private void DisposeClients()
    {
        _consumer?.Dispose();
        _producer?.Dispose();
        _restoreConsumer?.Dispose();
        _consumer = null;
        _producer = null;
        _restoreConsumer = null;
    }

    private void CreateClients()
    {
        var clientId = $"{_options.ApplicationId}-{Guid.NewGuid():N}";
        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = _options.BootstrapServers,
            GroupId = _options.ApplicationId,
            ClientId = clientId,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = (int)_options.CommitInterval.TotalMilliseconds,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = _options.AutoOffsetReset,

            // Range keeps the co-partitioning of tasks: with equal partition counts, every member gets the same
            // partition numbers of every input topic. (Cooperative-sticky balances topic-partitions one by one
            // and can split partition p of two topics between two members.)
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
            SessionTimeoutMs = (int)_options.SessionTimeout.TotalMilliseconds,
            HeartbeatIntervalMs = (int)_options.HeartbeatInterval.TotalMilliseconds,
            MaxPollIntervalMs = (int)_options.MaxPollInterval.TotalMilliseconds,
            FetchWaitMaxMs = 10,
            MaxPartitionFetchBytes = 10_000_000,
            EnablePartitionEof = false,
            AllowAutoCreateTopics = false,
        };
        var producerConfig = new ProducerConfig
        {
            BootstrapServers = _options.BootstrapServers,
            ClientId = clientId,

            // Idempotence keeps each partition's writes in order and without duplicates across retries, which
            // the changelog's batch-then-marker layout and the contiguity check rely on.
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = _options.ProducerLinger.TotalMilliseconds,
            QueueBufferingMaxKbytes = _options.ProducerQueueMaxKbytes,
            MessageTimeoutMs = (int)_options.DeliveryTimeout.TotalMilliseconds,

            // Java's partitioner, so keys land where Java and other murmur2 clients put them (co-partitioning).
            Partitioner = Partitioner.Murmur2Random,
            DeliveryReportFields = "none",

            // Outputs and changelogs repeat field names, IDs and strings batch after batch: LZ4 shrinks them
            // several-fold for little CPU, which is broker disk and network in production and, on the embedded
            // cluster, several times more records within its fixed per-partition retention.
            CompressionType = CompressionType.Lz4,
        };
        producerConfig.Set("allow.auto.create.topics", "false");
        foreach (var (key, value) in _options.ClientProperties)
        {
            consumerConfig.Set(key, value);
            producerConfig.Set(key, value);
        }

        _consumer = new ConsumerBuilder<byte[], byte[]>(consumerConfig)
            .SetPartitionsAssignedHandler(OnAssigned)
            .SetPartitionsRevokedHandler(OnRevoked)
            .SetPartitionsLostHandler(OnLost)
            .SetErrorHandler((_, error) => OnClientError(error))
            .SetLogHandler((_, message) => OnClientLog(message))
            .Build();
        _producer = new ProducerBuilder<byte[], byte[]>(producerConfig)
            .SetErrorHandler((_, error) => OnClientError(error))
            .SetLogHandler((_, message) => OnClientLog(message))
            .Build();
        if (_topology.IsStateful)
        {
            var restoreConfig = new ConsumerConfig
            {
                BootstrapServers = _options.BootstrapServers,

                // Required by the client; this consumer only ever assigns partitions, so it never joins the group.
                GroupId = $"{_options.ApplicationId}-restore",
                ClientId = $"{clientId}-restore",
                EnableAutoCommit = false,
                AutoOffsetReset = AutoOffsetReset.Error,
                FetchWaitMaxMs = 10,
                MaxPartitionFetchBytes = 10_000_000,
                EnablePartitionEof = false,
                AllowAutoCreateTopics = false,
            };
            foreach (var (key, value) in _options.ClientProperties)
            {
                restoreConfig.Set(key, value);
            }

            _restoreConsumer = new ConsumerBuilder<byte[], byte[]>(restoreConfig)
                .SetErrorHandler((_, error) => OnClientError(error))
                .SetLogHandler((_, message) => OnClientLog(message))
                .Build();
            _restorer = new ChangelogRestorer(_restoreConsumer, _options.ApplicationId, _options.RestoreProgressInterval, _metrics, _logger);
        }
    }

    private void OnClientError(Error error)
    {
        if (error.IsFatal)
        {
            _fatalError = error;
        }

        if (error.IsFatal || error.Code is ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Authentication)
        {
            Log.ClientError(_logger, _options.ApplicationId, $"{error.Code}: {error.Reason}");
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("Kafka client error in {ApplicationId}: {Code} {Reason}", _options.ApplicationId, error.Code, error.Reason);
        }
    }

    private void OnClientLog(LogMessage message)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("librdkafka {Facility} {Name}: {Message}", message.Facility, message.Name, message.Message);
        }
    }

    private void ThrowIfFatal()
    {
        if (_fatalError is { } fatal)
        {
            throw new KafkaException(fatal);
        }
    }

    private bool ShouldInterrupt() => _stopRequested || Volatile.Read(ref _crashPoint) == (int)CrashPoint.Immediately;

    private void CheckCrash(CrashPoint point)
    {
        var armed = Volatile.Read(ref _crashPoint);
        if (armed == (int)point || armed == (int)CrashPoint.Immediately)
        {
            throw new SimulatedCrashException(point);
        }
    }

    private bool IsCrash(Exception e) =>
        e is SimulatedCrashException
        || (e is OperationCanceledException && Volatile.Read(ref _crashPoint) == (int)CrashPoint.Immediately);
}
