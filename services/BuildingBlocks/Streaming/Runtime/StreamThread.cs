using System.Runtime.ExceptionServices;
using Confluent.Kafka;
using CustomerStream.Streaming.Clients;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Telemetry;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// The processing loop of one instance, on its own thread: poll a batch, hand it to the
/// <see cref="BatchRunner"/>, keep gauges and checkpoints. Assignment and task life cycles are the
/// <see cref="TaskManager"/>'s, writes and their acknowledgements the <see cref="RecordCollector"/>'s, each
/// task's state its <see cref="TaskStateManager"/>'s. Everything runs on this thread, rebalance callbacks
/// included (librdkafka calls them from inside the consumer's poll, i.e. between batches), so tasks need no locks.
/// </summary>
internal sealed class StreamThread : IConsumerListener
{
    private static readonly TimeSpan GaugeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    // Never a zero timeout: librdkafka suspends max.poll.interval.ms only inside a blocking poll, and an
    // assignment may restore tasks from inside this call for a long time.
    private static readonly TimeSpan MinimumPoll = TimeSpan.FromMilliseconds(1);

    private readonly StreamApplicationOptions _options;
    private readonly StreamTopology _topology;
    private readonly string? _changelogTopic;
    private readonly IReadOnlyDictionary<string, int> _inputPartitions;
    private readonly IKafkaClientSupplier _clients;
    private readonly StreamingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ThreadAccounting _accounting = new();
    private readonly List<(StreamTask Task, ConsumeResult<byte[], byte[]> Record)> _batch = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private IConsumer<byte[], byte[]>? _consumer;
    private IProducer<byte[], byte[]>? _producer;
    private IConsumer<byte[], byte[]>? _restoreConsumer;
    private ChangelogRestorer? _restorer;
    private TaskManager? _taskManager;
    private BatchRunner? _runner;
    private volatile Error? _fatalError;
    private volatile bool _stopRequested;
    private int _crashPoint = -1;
    private TimeSpan _lastGauges = -GaugeInterval;
    private TimeSpan _lastCheckpoint;

    public StreamThread(
        StreamApplicationOptions options,
        StreamTopology topology,
        string? changelogTopic,
        IReadOnlyDictionary<string, int> inputPartitions,
        IKafkaClientSupplier clients,
        StreamingMetrics metrics,
        ILogger logger)
    {
        _options = options;
        _topology = topology;
        _changelogTopic = changelogTopic;
        _inputPartitions = inputPartitions;
        _clients = clients;
        _metrics = metrics;
        _logger = logger;
    }

    public IReadOnlyList<TaskStatus> Tasks => _taskManager?.Statuses ?? [];

    public StreamThreadFigures Figures => _accounting.Snapshot();

    public long ProcessedRecords => _accounting.Snapshot().Records;

    public long CommittedBatches => _accounting.Snapshot().Batches;

    public long AbandonedBatches => _runner?.AbandonedBatches ?? 0;

    public void RequestStop() => _stopRequested = true;

    public void RequestCrash(CrashPoint point) => Volatile.Write(ref _crashPoint, (int)point);

    /// <summary>Runs until a stop, a simulated crash or an error; returns the final state.</summary>
    public StreamApplicationState Run()
    {
        try
        {
            CreateClients();
            _consumer!.Subscribe(_taskManager!.Subscription);
            while (!_stopRequested)
            {
                CheckCrash(CrashPoint.Immediately);
                Gather();
                foreach (var opened in _taskManager.TakeOpened())
                {
                    StoreOffsets(opened.Offsets);
                }

                // A task assigned (or re-synchronized) with a planned batch that never committed processes exactly
                // that batch first. What was gathered for it is dropped and read again after the plan: simpler than
                // proving it still follows the plan if the planned batch fails again. "Read again" needs a seek back
                // on every partition a dropped record came from, also those outside the plan that the task holds no
                // offset for yet; without it those records were skipped and the task stalled behind them.
                while (_taskManager.TaskWithPendingPlan() is { } planned)
                {
                    var dropped = DropGathered(planned);
                    Seek(_taskManager.ResumePositions(planned, dropped).ToList());
                    RunPendingPlan(planned);
                    if (_runner!.RetryDelay > TimeSpan.Zero)
                    {
                        // A dependency is away: poll before the next attempt, so the group keeps this member.
                        break;
                    }
                }

                if (_batch.Count > 0)
                {
                    RunBatch(_batch);
                    _batch.Clear();
                }

                UpdateGauges();
                CheckpointIfDue();
                _accounting.SampleCpu();
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

    IEnumerable<TopicPartitionOffset> IConsumerListener.OnAssigned(List<TopicPartition> partitions) => _taskManager!.OnAssigned(partitions);

    void IConsumerListener.OnRevoked(List<TopicPartitionOffset> partitions) => _taskManager!.OnRevoked(partitions);

    void IConsumerListener.OnLost(List<TopicPartitionOffset> partitions) => _taskManager!.OnLost(partitions);

    void IClientListener.OnError(Error error)
    {
        if (error.IsFatal)
        {
            _fatalError = error;
        }
        else
        {
            ClientErrorWaitedOut(error.Code);
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

    void IClientListener.OnLog(LogMessage message)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("librdkafka {Facility} {Name}: {Message}", message.Facility, message.Name, message.Message);
        }
    }

    /// <summary>
    /// Takes records while they are there, up to the batch limits: under load batches grow (fewer commits per
    /// record), when quiet a record goes through alone (no latency floor). <see cref="StreamApplicationOptions.MaxBatchWait"/>
    /// lets a batch wait a little for company once it has a record.
    /// </summary>
    private void Gather()
    {
        long bytes = 0;
        TimeSpan? deadline = null;
        var polling = ThreadAccounting.Start();
        try
        {
            while (_batch.Count < _options.MaxBatchRecords && bytes < _options.MaxBatchBytes && !_stopRequested)
            {
                var timeout = deadline is null ? PollTimeout : deadline.Value - _clock.Elapsed;
                ConsumeResult<byte[], byte[]>? result;
                try
                {
                    result = _consumer!.Consume(timeout > MinimumPoll ? timeout : MinimumPoll);
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    // E.g. the poll interval was exceeded (a batch took too long): the consumer rejoins by itself on
                    // the next poll, and what this instance may still write is fenced in the changelogs.
                    Log.ClientError(_logger, _options.ApplicationId, $"{e.Error.Code}: {e.Error.Reason}");
                    _taskManager!.ThrowIfHandlerFailed();
                    break;
                }

                _taskManager!.ThrowIfHandlerFailed();
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

                if (_taskManager.TaskFor(result.TopicPartition) is not { } task)
                {
                    Log.NoTask(_logger, _options.ApplicationId, result.Topic, result.Partition.Value);
                    continue;
                }

                _batch.Add((task, result));
                bytes += (result.Message.Key?.Length ?? 0) + (result.Message.Value?.Length ?? 0);
                deadline ??= _clock.Elapsed + (_options.MaxBatchWait > TimeSpan.Zero ? _options.MaxBatchWait : TimeSpan.Zero);
            }
        }
        finally
        {
            _accounting.Add(ThreadAccounting.Phase.Poll, polling);
        }
    }

    /// <summary>Removes <paramref name="task"/>'s gathered records from the batch; gives the first offset dropped per partition.</summary>
    private Dictionary<TopicPartition, long> DropGathered(StreamTask task)
    {
        var first = new Dictionary<TopicPartition, long>();
        foreach (var (_, record) in _batch.Where(r => r.Task == task))
        {
            first.TryAdd(record.TopicPartition, record.Offset.Value);
        }

        _batch.RemoveAll(r => r.Task == task);
        return first;
    }

    /// <summary>Processes a batch that was planned but never committed: exactly its records, read back from the inputs.</summary>
    private void RunPendingPlan(StreamTask task)
    {
        var plan = task.State!.PendingPlan!;
        var reading = ThreadAccounting.Start();
        var records = _restorer!.ReadPlanned(plan, task.Offsets, ShouldInterrupt);
        _accounting.Add(ThreadAccounting.Phase.Restore, reading);
        Log.ReplayingPlan(_logger, _options.ApplicationId, task.Partition, plan.Batch.ToString(), records.Count, plan.EndOffsets.Count);
        if (records.Count == 0)
        {
            throw new InvalidOperationException($"The pending batch {plan.Batch} of {_options.ApplicationId} has no records to process.");
        }

        RunBatch(records.Select(record => (task, record)).ToList());
    }

    /// <summary>Runs a batch; when it left a task to retry (a dependency was away), waits the back-off before the next one.</summary>
    private void RunBatch(List<(StreamTask Task, ConsumeResult<byte[], byte[]> Record)> records)
    {
        _runner!.Run(records);
        var until = _clock.Elapsed + _runner.RetryDelay;
        for (var left = _runner.RetryDelay; left > TimeSpan.Zero && !ShouldInterrupt(); left = until - _clock.Elapsed)
        {
            Thread.Sleep(left < PollTimeout ? left : PollTimeout);
        }
    }

    private void StoreOffsets(IReadOnlyDictionary<TopicPartition, long> offsets)
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

    private void Seek(IEnumerable<TopicPartitionOffset> positions)
    {
        foreach (var position in positions)
        {
            _consumer!.Seek(position);
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
        foreach (var task in _taskManager!.Tasks)
        {
            foreach (var tp in task.Inputs)
            {
                var watermarks = _consumer!.GetWatermarkOffsets(tp);
                if (watermarks.High.Value >= 0 && task.Offsets.TryGetValue(tp, out var position))
                {
                    lag.Add((tp.Topic, tp.Partition.Value, Math.Max(0, watermarks.High.Value - position)));
                }
            }

            foreach (var store in task.State?.Stores ?? [])
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
        _taskManager!.CheckpointAll();
    }

    private void ShutDown()
    {
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

        _taskManager?.CloseAll(checkpoint: true);
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
        _taskManager?.CloseAll(checkpoint: false);

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
        _producer = _clients.CreateProducer(Clients.StreamClientConfigs.Producer(_options, clientId), this);
        if (_topology.IsStateful)
        {
            _restoreConsumer = _clients.CreateRestoreConsumer(Clients.StreamClientConfigs.Restore(_options, clientId), this);
            _restorer = new ChangelogRestorer(_restoreConsumer, _options.ApplicationId, _options.RestoreProgressInterval, _metrics, _logger);
        }

        var collector = new RecordCollector(_producer, _accounting, Crashed, _options.ApplicationId, _logger) { TransientError = ClientErrorWaitedOut };
        _taskManager = new TaskManager(_options, _topology, _changelogTopic, _inputPartitions, collector, _restorer, _accounting, _logger,
            ShouldInterrupt, ThrowIfFatal);
        _runner = new BatchRunner(_options, _topology, _taskManager, collector, _accounting, _metrics, _logger, CheckCrash, Crashed,
            Seek, StoreOffsets);
        _consumer = _clients.CreateConsumer(Clients.StreamClientConfigs.Consumer(_options, clientId), this);
    }

    // Called from librdkafka's threads too: both counters are thread-safe.
    private void ClientErrorWaitedOut(ErrorCode code)
    {
        _accounting.ClientError();
        _metrics.ClientError(code);
    }

    private void ThrowIfFatal()
    {
        if (_fatalError is { } fatal)
        {
            throw new KafkaException(fatal);
        }
    }

    private bool ShouldInterrupt() => _stopRequested || Crashed();

    // A batch in progress finishes on a stop (graceful shutdown); only a crash abandons it.
    private bool Crashed() => Volatile.Read(ref _crashPoint) == (int)CrashPoint.Immediately;

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
