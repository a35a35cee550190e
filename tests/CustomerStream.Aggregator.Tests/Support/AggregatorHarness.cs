using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Serialization;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>
/// Runs the pure aggregator like the service does, without Kafka: customers are spread over
/// <c>partitions</c> tasks by a hash of their ID, each task with its own store; every batch ends with
/// outputs applied to a <see cref="ProjectedView"/>; transfers travel (serialized) to the task of
/// their target, by default in the following batch.
/// </summary>
public sealed class AggregatorHarness
{
    private readonly TaskSlot[] _tasks;
    private readonly List<StateTransfer> _inFlight = [];
    private long _clock = T.Of("2025-01-01").Ticks;

    public AggregatorHarness(int partitions = 1, bool serialize = false)
    {
        _tasks = new TaskSlot[partitions];
        for (var i = 0; i < partitions; i++)
        {
            _tasks[i] = new TaskSlot(new InMemoryStates(serialize));
        }
    }

    public ProjectedView View { get; } = new();

    public List<CustomerChange> Changes { get; } = [];

    public List<CustomerProfileChanged> ProfileChanges { get; } = [];

    /// <summary>Transfers produced and not yet delivered.</summary>
    public IReadOnlyList<StateTransfer> InFlight => _inFlight;

    /// <summary>Every transfer that was sent (including forwards), in order.</summary>
    public List<StateTransfer> SentTransfers { get; } = [];

    /// <summary>When true (default), <see cref="Batch"/> delivers the transfers it produced in follow-up batches.</summary>
    public bool DeliverTransfersAutomatically { get; set; } = true;

    public FactOutcome LastOutcome { get; private set; }

    public int Partitions => _tasks.Length;

    /// <summary>The batch version the batches get, as the runtime would: a new epoch with every simulated crash.</summary>
    public long BatchVersion { get; private set; }

    /// <summary>
    /// Processes the facts and publishes the outputs, then "crashes" before the states are stored: the
    /// next batches start from the last stored states, in a new epoch of batch versions, as a restarted task
    /// would. The caller re-delivers the facts (at-least-once input). Needs serialized states.
    /// </summary>
    public void CrashAfterPublishing(params IdentityFact[] facts)
    {
        if (!_tasks[0].Store.Serializes)
        {
            throw new InvalidOperationException("A crash can only be simulated with serialized states (objects would keep the lost batch's changes).");
        }

        foreach (var fact in facts)
        {
            Task(fact.CustomerId).Aggregator.Apply(fact);
        }

        EndBatch(lastInput: null, store: false);
        foreach (var task in _tasks)
        {
            task.Restart();
        }

        BatchVersion = Streaming.Processing.BatchVersions.EpochStart(BatchVersion) + (1L << Streaming.Processing.BatchVersions.SequenceBits);
    }

    /// <summary>Transfers waiting in some task for its facts to catch up with their merge.</summary>
    public int ParkedTransfers => _tasks.Sum(t => t.Aggregator.TaskState.Parked.Count);

    /// <summary>Applies the facts as one batch per task and returns the changes of that batch.</summary>
    public List<CustomerChange> Batch(params IdentityFact[] facts)
    {
        foreach (var fact in facts)
        {
            Task(fact.CustomerId).Aggregator.Apply(fact);
        }

        var changes = EndBatch(lastInput: facts.Length > 0 ? Task(facts[^1].CustomerId) : null);
        if (DeliverTransfersAutomatically)
        {
            while (_inFlight.Count > 0)
            {
                changes.AddRange(DeliverTransfers());
            }
        }

        return changes;
    }

    /// <summary>Delivers the in-flight transfers (optionally only some, or some twice) as one batch.</summary>
    public List<CustomerChange> DeliverTransfers(IEnumerable<StateTransfer>? which = null)
    {
        var delivering = (which ?? _inFlight).ToList();
        _inFlight.RemoveAll(t => delivering.Contains(t));
        TaskSlot? last = null;
        foreach (var transfer in delivering)
        {
            // Through the wire format, as the transfer topic carries it.
            var decoded = CustomerStateSerializer.DeserializeTransfer(CustomerStateSerializer.SerializeTransfer(transfer));
            last = Task(decoded.TargetId);
            last.Aggregator.Apply(decoded);
        }

        return EndBatch(last);
    }

    public CustomerState? StateOf(string customerId) => Task(customerId).Store.Load(customerId);

    public IEnumerable<CustomerState> AllStates() =>
        _tasks.SelectMany(t => t.Store.Keys.Select(k => t.Store.Load(k)!));

    /// <summary>One task: its store, its stored task state, and the aggregator of its current incarnation.</summary>
    private sealed class TaskSlot
    {
        public TaskSlot(InMemoryStates store)
        {
            Store = store;
            Aggregator = new CustomerAggregator(store);
        }

        public InMemoryStates Store { get; }

        public byte[]? SavedTaskState { get; set; }

        public CustomerAggregator Aggregator { get; private set; }

        /// <summary>A new incarnation from what was stored (the crashed one's memory is gone).</summary>
        public void Restart() =>
            Aggregator = new CustomerAggregator(Store, SavedTaskState is null ? null : CustomerStateSerializer.DeserializeTaskState(SavedTaskState));
    }

    public long StoredBytes => _tasks.Sum(t => t.Store.TotalBytes);

    /// <param name="lastInput">The task that got the batch's last input: its outcome becomes <see cref="LastOutcome"/>.</param>
    /// <param name="store">False for a batch that dies before it is stored.</param>
    private List<CustomerChange> EndBatch(TaskSlot? lastInput, bool store = true)
    {
        var changes = new List<CustomerChange>();
        var at = new DateTime(_clock += TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        foreach (var task in _tasks)
        {
            var batch = task.Aggregator.EndBatch(at, BatchVersion);
            if (task == lastInput && batch.Outcomes.Count > 0)
            {
                LastOutcome = batch.Outcomes[^1];
            }

            if (store)
            {
                task.Store.Commit();
                if (batch.UpdatedTaskState is { } taskState)
                {
                    task.SavedTaskState = CustomerStateSerializer.SerializeTaskState(taskState);
                }
            }
            else
            {
                task.Store.Discard();
            }
            foreach (var change in batch.Changes)
            {
                View.Apply(change);
            }

            foreach (var profile in batch.ProfileChanges)
            {
                View.Apply(profile);
            }

            Changes.AddRange(batch.Changes);
            ProfileChanges.AddRange(batch.ProfileChanges);
            _inFlight.AddRange(batch.Transfers);
            SentTransfers.AddRange(batch.Transfers);
            changes.AddRange(batch.Changes);
        }

        return changes;
    }

    private TaskSlot Task(string customerId)
    {
        // A stable hash (FNV-1a), so that a scenario lands on the same tasks in every run.
        var hash = 2166136261u;
        foreach (var c in customerId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return _tasks[(int)(hash % (uint)_tasks.Length)];
    }
}
