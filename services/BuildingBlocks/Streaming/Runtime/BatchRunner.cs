using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Kafka.Telemetry;
using CustomerStream.Streaming.Changelog;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Telemetry;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// What one batch goes through, in the order that makes it safe (see docs/streaming-runtime.md):
/// 0. single-task topologies: the batch's plan written and acknowledged at the task's log end;
/// 1. the records processed per task (outputs serialized and held);
/// 2. outputs and the store changes (packed into a few changelog records) produced, all acknowledged;
/// 3. the changelog records checked to be contiguous, then one commit marker per task, acknowledged;
/// 4. the batch applied to the local stores and the offsets stored for the group commit.
/// A task whose write fails or whose changelog another writer appended to is abandoned and re-synchronized.
/// </summary>
internal sealed class BatchRunner(
    StreamApplicationOptions options,
    StreamTopology topology,
    TaskManager taskManager,
    RecordCollector collector,
    ThreadAccounting accounting,
    StreamingMetrics metrics,
    ILogger logger,
    Action<CrashPoint> checkCrash,
    Func<bool> crashed,
    Action<IEnumerable<TopicPartitionOffset>> seek,
    Action<IReadOnlyDictionary<TopicPartition, long>> storeOffsets)
{
    // Delivery errors that no retry of the batch can cure: stop instead of reprocessing forever. Not among them:
    // an unknown partition (UnknownTopicOrPart, Local_UnknownPartition), which a broker going away under load
    // reports for a while; that batch is abandoned and processed again after a back-off, like any failed write.
    private static readonly HashSet<ErrorCode> PermanentErrors =
    [
        ErrorCode.Local_UnknownTopic,
        ErrorCode.TopicAuthorizationFailed, ErrorCode.ClusterAuthorizationFailed,
        ErrorCode.MsgSizeTooLarge, ErrorCode.RecordListTooLarge,
    ];

    private long _abandoned;
    private int _retryAttempt;

    public long AbandonedBatches => Interlocked.Read(ref _abandoned);

    /// <summary>
    /// How long to wait before the next batch, when the last one left a task to retry because a dependency was away
    /// (<see cref="StreamTopology.RetryOn"/>): <see cref="CustomerStream.Kafka.Faults.RetryBackoff"/> over the consecutive attempts; zero otherwise.
    /// </summary>
    public TimeSpan RetryDelay { get; private set; }

    /// <summary>Runs one batch: <paramref name="records"/> in arrival order, each with the task that owns it.</summary>
    public void Run(List<(StreamTask Task, ConsumeResult<byte[], byte[]> Record)> records)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = StartBatchActivity(records);
        var tasks = GroupByTask(records);
        if (tasks.Count == 0)
        {
            return;
        }

        var failed = new List<(StreamTask Task, string Reason)>();
        WritePlans(tasks, failed);
        tasks.RemoveAll(t => failed.Exists(f => f.Task == t.Task));

        var processing = ThreadAccounting.Start();
        var retrying = new List<(StreamTask Task, Exception Error)>();
        foreach (var (task, taskRecords) in tasks)
        {
            task.Context.BatchTraceContext = activity?.Context ?? default;
            try
            {
                foreach (var record in taskRecords)
                {
                    task.Process(record);
                    checkCrash(CrashPoint.Immediately);
                }

                task.EndBatch();
            }
            catch (Exception e) when (topology.RetryOn?.Invoke(e) == true)
            {
                retrying.Add((task, e));
            }
        }

        accounting.Add(ThreadAccounting.Phase.Process, processing);
        RetryLater(retrying);
        tasks.RemoveAll(t => retrying.Exists(r => r.Task == t.Task));
        checkCrash(CrashPoint.AfterProcessing);

        // 2. Outputs and changelog records, all of them acknowledged before any marker.
        var flushing = ThreadAccounting.Start();
        var writes = new BatchDeliveries();
        foreach (var (task, _) in tasks)
        {
            var deliveries = task.Deliveries ??= new TaskDeliveries(writes);
            deliveries.StartPhase(writes);
            foreach (var output in task.Context.Outputs)
            {
                collector.Send(output.Topic, Partition.Any, output.Message, deliveries.Output, writes, deliveries);
            }

            if (task.State is { } state)
            {
                foreach (var message in state.ChangelogMessages())
                {
                    collector.Send(state.Changelog.Topic, state.Changelog.Partition, message, deliveries.Changelog, writes, deliveries);
                }
            }
        }

        writes.SealAndWait(crashed);
        accounting.Add(ThreadAccounting.Phase.Flush, flushing);
        checkCrash(CrashPoint.AfterChangelogWrites);

        // 3. One commit marker per task: from here on the batch is part of the task's state.
        var committing = ThreadAccounting.Start();
        var markers = new BatchDeliveries();
        foreach (var (task, _) in tasks)
        {
            var deliveries = task.Deliveries!;
            deliveries.StartPhase(markers);
            if (deliveries.Failed)
            {
                failed.Add((task, $"write failed: {deliveries.FirstError!.Reason}"));
            }
            else if (task.State is { } state && !deliveries.ChangelogContiguous(DataStart(task), state.ChangelogRecordCount))
            {
                failed.Add((task, "another writer appended to the task's changelog"));
            }
            else if (task.State is { } stateful)
            {
                var marker = ChangelogFormat.Marker(stateful.CurrentBatch, task.OffsetsAfterBatch());
                collector.Send(stateful.Changelog.Topic, stateful.Changelog.Partition, marker, deliveries.Control, markers, deliveries);
            }
        }

        markers.SealAndWait(crashed);
        checkCrash(CrashPoint.AfterCommitMarkers);

        // 4. Apply to the local stores and store the offsets (committed to the group in the background).
        var committed = 0;
        var outputs = 0;
        var deadLetters = 0;
        foreach (var (task, _) in tasks)
        {
            if (failed.Exists(f => f.Task == task))
            {
                continue;
            }

            var deliveries = task.Deliveries!;
            if (task.State is { } state && (deliveries.Failed || deliveries.ControlOffset != DataStart(task) + state.ChangelogRecordCount))
            {
                failed.Add((task, deliveries.Failed
                    ? $"commit marker write failed: {deliveries.FirstError!.Reason}"
                    : "another writer appended to the task's changelog"));
                continue;
            }

            var next = new Dictionary<TopicPartition, long>(task.BatchNextOffsets);
            committed += task.BatchRecords;
            outputs += task.Context.Outputs.Count;
            deadLetters += task.Context.DeadLettered;
            if (task.IsStateful)
            {
                task.Commit(deliveries.ControlOffset);
            }
            else
            {
                task.CommitStateless();
            }

            storeOffsets(next);
        }

        accounting.Add(ThreadAccounting.Phase.Commit, committing);
        var writeFailed = false;
        foreach (var (task, reason) in failed)
        {
            if (task.Deliveries?.FirstError is { } error)
            {
                if (PermanentErrors.Contains(error.Code))
                {
                    throw new KafkaException(new Error(error.Code,
                        $"Task {task.Partition} of {options.ApplicationId} cannot write its batch ({error.Reason}); a retry would fail the same way."));
                }

                writeFailed = true;
                accounting.ClientError();
                metrics.ClientError(error.Code);
            }

            Recover(task, reason);
        }

        if (retrying.Count == 0)
        {
            // A write that failed (a broker away, a partition without a leader) is retried after a back-off too.
            Backoff(writeFailed);
        }

        foreach (var (task, _) in tasks)
        {
            // A task whose epoch's sequence numbers are used up takes a new epoch (a fence) before its next batch.
            if (task.State is { EpochExhausted: true } && !failed.Exists(f => f.Task == task))
            {
                taskManager.Resynchronize(task);
            }
        }

        if (committed > 0)
        {
            accounting.BatchCommitted(committed);
        }

        accounting.DeadLettered(deadLetters);
        metrics.DeadLettered(deadLetters);
        metrics.BatchCommitted(committed, outputs, Stopwatch.GetElapsedTime(started));
        activity?.SetTag("messaging.batch.message_count", committed);
        taskManager.PublishStatuses();
    }

    private static long DataStart(StreamTask task) => task.State!.LogEnd + (task.InFlightPlan is not null && task.State.PendingPlan is null ? 1 : 0);

    /// <summary>Groups the batch's records by task; a plan-writing task takes its records in plan order.</summary>
    private static List<(StreamTask Task, List<ConsumeResult<byte[], byte[]>> Records)> GroupByTask(
        List<(StreamTask Task, ConsumeResult<byte[], byte[]> Record)> records)
    {
        var tasks = new List<(StreamTask Task, List<ConsumeResult<byte[], byte[]>> Records)>();
        foreach (var (task, record) in records)
        {
            // Records gathered before a revocation belong to a closed task: its next owner reads them again.
            if (task.IsClosed)
            {
                continue;
            }

            var index = tasks.FindIndex(t => t.Task == task);
            if (index < 0)
            {
                tasks.Add((task, []));
                index = tasks.Count - 1;
            }

            tasks[index].Records.Add(record);
        }

        foreach (var (task, taskRecords) in tasks)
        {
            if (task.PlansBatches)
            {
                taskRecords.Sort(static (a, b) =>
                {
                    var byTopic = string.CompareOrdinal(a.Topic, b.Topic);
                    if (byTopic != 0)
                    {
                        return byTopic;
                    }

                    var byPartition = a.Partition.Value.CompareTo(b.Partition.Value);
                    return byPartition != 0 ? byPartition : a.Offset.Value.CompareTo(b.Offset.Value);
                });
            }
        }

        return tasks;
    }

    /// <summary>
    /// 0. Writes the plan of every plan-writing task's batch at the task's log end and waits for it. A task whose
    /// batch is its pending plan writes none (the plan is in the log already).
    /// </summary>
    private void WritePlans(List<(StreamTask Task, List<ConsumeResult<byte[], byte[]>> Records)> tasks, List<(StreamTask Task, string Reason)> failed)
    {
        var planning = tasks.Where(t => t.Task.PlansBatches).ToList();
        if (planning.Count == 0)
        {
            return;
        }

        var flushing = ThreadAccounting.Start();
        var plans = new BatchDeliveries();
        foreach (var (task, taskRecords) in planning)
        {
            var state = task.State!;
            var deliveries = task.Deliveries = new TaskDeliveries(plans);
            if (state.PendingPlan is { } pending)
            {
                task.InFlightPlan = pending;
                continue;
            }

            var ends = new Dictionary<TopicPartition, long>();
            foreach (var record in taskRecords)
            {
                ends[record.TopicPartition] = record.Offset.Value + 1;
            }

            task.InFlightPlan = new BatchPlan(state.CurrentBatch, ends);
            collector.Send(state.Changelog.Topic, state.Changelog.Partition, ChangelogFormat.Plan(state.CurrentBatch, ends),
                deliveries.Control, plans, deliveries);
        }

        plans.SealAndWait(crashed);
        accounting.Add(ThreadAccounting.Phase.Flush, flushing);
        foreach (var (task, _) in planning)
        {
            var deliveries = task.Deliveries!;
            if (task.State!.PendingPlan is not null)
            {
                continue;
            }

            if (deliveries.Failed || deliveries.ControlOffset != task.State.LogEnd)
            {
                // Nothing of the batch was produced: the plan is the first thing written.
                var reason = deliveries.Failed ? $"plan write failed: {deliveries.FirstError!.Reason}" : "another writer appended to the task's changelog";
                failed.Add((task, reason));
                if (deliveries.FirstError is { } error && PermanentErrors.Contains(error.Code))
                {
                    throw new KafkaException(new Error(error.Code,
                        $"Task {task.Partition} of {options.ApplicationId} cannot write its batch plan ({error.Reason})."));
                }

                Recover(task, reason);
            }
        }
    }

    /// <summary>
    /// Abandons the batch of each task whose processor found a dependency away: nothing of it was written (its plan, if
    /// any, stays pending and is processed first next time), so it is read again after <see cref="RetryDelay"/>.
    /// </summary>
    private void RetryLater(List<(StreamTask Task, Exception Error)> retrying)
    {
        if (retrying.Count == 0)
        {
            return;
        }

        Backoff(true);
        foreach (var (task, error) in retrying)
        {
            Log.ProcessingRetry(logger, options.ApplicationId, task.Partition, _retryAttempt, RetryDelay.TotalSeconds, error.Message);
            accounting.Retried();
            metrics.ProcessingRetried();
            Recover(task, $"retrying after a back-off: {error.GetType().Name}");
        }
    }

    /// <summary>Sets <see cref="RetryDelay"/>: the next step of the back-off after a batch that had to be retried, else none.</summary>
    private void Backoff(bool retry)
    {
        if (!retry)
        {
            _retryAttempt = 0;
            RetryDelay = TimeSpan.Zero;
            return;
        }

        _retryAttempt++;
        // Capped well below the poll interval: the thread waits without polling, and must stay in the group.
        var cap = options.MaxPollInterval / 3 < CustomerStream.Kafka.Faults.RetryBackoff.DefaultMax ? options.MaxPollInterval / 3 : CustomerStream.Kafka.Faults.RetryBackoff.DefaultMax;
        RetryDelay = CustomerStream.Kafka.Faults.RetryBackoff.Delay(_retryAttempt, cap);
    }

    private void Recover(StreamTask task, string reason)
    {
        Log.BatchAbandoned(logger, options.ApplicationId, task.Partition, reason);
        Interlocked.Increment(ref _abandoned);
        metrics.BatchAbandoned();
        var first = new Dictionary<TopicPartition, long>(task.BatchFirstOffsets);
        task.Abandon();
        if (task.IsStateful)
        {
            // A plan this batch wrote at the task's log end is in the changelog, where the re-synchronization finds it.
            taskManager.Resynchronize(task);
        }

        task.CreateProcessor(topology.ProcessorFactory);
        seek(taskManager.ResumePositions(task, first).ToList());
    }

    private Activity? StartBatchActivity(List<(StreamTask Task, ConsumeResult<byte[], byte[]> Record)> records)
    {
        if (!StreamingTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        // A batch mixes records of many traces: link (a bounded number of) them rather than pick one parent.
        var links = new List<ActivityLink>();
        foreach (var (_, record) in records)
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
            $"{options.ApplicationId} process",
            ActivityKind.Consumer,
            parentContext: default,
            tags:
            [
                new(StreamingTelemetry.ApplicationIdTag, options.ApplicationId),
                new("messaging.system", "kafka"),
                new("messaging.consumer.group.name", options.ApplicationId),
            ],
            links: links);
    }
}
