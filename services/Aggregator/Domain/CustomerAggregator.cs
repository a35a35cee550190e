using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// The aggregator's logic for one task (one partition of <c>identity.customer-facts.v1</c> and of the
/// transfer topic): apply identity facts and state transfers to customer states, then produce one change
/// per changed customer. Inputs are queued per customer as they come and applied when the batch ends,
/// one customer at a time: the customer's state is loaded from the <see cref="ICustomerStateStore"/>, its
/// inputs are applied in the order they came, its change is emitted and its state is saved before the
/// next customer is loaded, so that a batch keeps one decoded state in memory rather than one per
/// customer it touched (a state that outlives a few allocations is what makes the garbage collector
/// expensive). No input affects another customer within a batch (a merge ships the loser's state
/// through the transfer topic), so this is the same as applying every input at once.
/// Not thread-safe; one instance per task.
/// </summary>
public sealed class CustomerAggregator
{
    private readonly ICustomerStateStore _store;
    private readonly AggregatorTaskState _task;
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly List<Pending> _order = [];
    private readonly List<(int Order, StateTransfer Transfer)> _transfers = [];
    private readonly CustomerFigures _figures = new();
    private List<FactOutcome> _outcomes = [];
    private bool _taskDirty;

    /// <param name="store">Where customer states are loaded from and saved to.</param>
    /// <param name="taskState">The task's stored state (null for a task that never stored one).</param>
    public CustomerAggregator(ICustomerStateStore store, AggregatorTaskState? taskState = null)
    {
        _store = store;
        _task = taskState ?? new AggregatorTaskState();
    }

    /// <summary>The task state as it stands (it is returned by <see cref="EndBatch(DateTime, long)"/> when it changed).</summary>
    public AggregatorTaskState TaskState => _task;

    /// <summary>
    /// Takes a fact into the batch; it is applied to its customer when the batch ends
    /// (<see cref="AggregatorBatch.Outcomes"/> says how). The task's fact watermark moves at once.
    /// </summary>
    public void Apply(IdentityFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        if (fact.Seq > _task.FactWatermark)
        {
            _task.FactWatermark = fact.Seq;
            _taskDirty = true;
        }

        PendingOf(fact.CustomerId).Ops.Add(new Op(fact, _outcomes.Count));
        _outcomes.Add(FactOutcome.Applied);
    }

    /// <summary>
    /// Takes a transfer into the batch: parked at once when this task has not read the facts up to its
    /// route seq yet, otherwise applied to its target when the batch ends.
    /// </summary>
    public void Apply(StateTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (transfer.RouteSeq > _task.FactWatermark)
        {
            // The target's own facts up to the merge may still be on their way, and one of them may merge
            // the target away: which life of the target this belongs to is only known once they are read.
            if (!_task.Parked.Exists(p => p.Id == transfer.Id && p.TargetId == transfer.TargetId))
            {
                _task.Parked.Add(transfer);
                _taskDirty = true;
            }

            _outcomes.Add(FactOutcome.Parked);
            return;
        }

        PendingOf(transfer.TargetId).Ops.Add(new Op(transfer, _outcomes.Count));
        _outcomes.Add(FactOutcome.Applied);
    }

    private FactOutcome ApplyFact(Entry entry, IdentityFact fact, int inputOrder)
    {
        var state = entry.State;
        if (fact.Seq <= state.LastSeq)
        {
            return FactOutcome.Duplicate;
        }

        state.LastSeq = fact.Seq;
        entry.Dirty = true;
        if (state.Removed)
        {
            Reactivate(entry);
        }

        var changes = entry.Changes;
        switch (fact.Fact)
        {
            case CustomerFact customer:
                state.ApplyRecord(MasterRecord.From(customer), changes);
                break;
            case OrderFact order:
                state.ApplyOrder(OrderVersion.From(order), changes);
                break;
            case WebActivityFact web:
                state.ApplyWeb(
                    web.Action == AttributionAction.APPLY
                        ? new WebEventEntry(web.EventId, fact.Seq, true, Utc.Of(web.Ts), web.Type, web.SessionId, web.Email)
                        : WebEventEntry.Absent(web.EventId, fact.Seq, Utc.Of(web.Ts)),
                    changes);
                break;
            case IdentifierFact identifier:
                state.ApplyIdentifier(new IdentifierEntry(identifier.Identifier, identifier.SourceSystem, Utc.Of(identifier.FirstSeenTs)), changes);
                break;
            case AcquisitionFact acquisition:
                state.ApplyAcquisition(new Acquisition(Utc.Of(acquisition.AcquisitionTs), acquisition.AcquisitionSource), changes);
                break;
            case MergeFact merge:
                Merge(entry, merge.SurvivorId, fact.Seq, inputOrder);
                break;
            case ErasureFact erasure:
                Erase(entry, erasure.ErasureId, fact.Seq);
                break;
            default:
                throw new ArgumentException(
                    $"Identity fact {fact.Seq} for {fact.CustomerId} carries an unknown fact type {fact.Fact?.GetType().Name ?? "null"}",
                    nameof(fact));
        }

        return FactOutcome.Applied;
    }

    private FactOutcome Resolve(Entry entry, StateTransfer transfer, int order)
    {
        var state = entry.State;
        var id = transfer.Id;
        if (state.AppliedTransfers.Contains(id))
        {
            return FactOutcome.Duplicate;
        }

        // This ID became the owner while alive in an earlier life that has since been merged away itself:
        // that life's state (without this transfer) went to its survivor, so this goes there too — and
        // there it belongs to the life that absorbed this ID at that merge's seq.
        foreach (var merge in state.MergeHistory)
        {
            if (merge.Seq > transfer.RouteSeq && merge.SurvivorId == CustomerState.ErasedMarker)
            {
                return FactOutcome.Erased; // a part of the person on its way when they were forgotten
            }

            if (merge.Seq > transfer.RouteSeq)
            {
                _transfers.Add((order, transfer with { TargetId = merge.SurvivorId, RouteSeq = merge.Seq }));
                return FactOutcome.Forwarded;
            }
        }

        if (state.Removed)
        {
            Reactivate(entry);
        }

        state.Fold(transfer.Payload, id, entry.Changes);
        entry.Dirty = true;
        return FactOutcome.Applied;
    }

    /// <summary>
    /// Closes the batch: applies each customer's inputs and saves its state if it changed, customer by
    /// customer; returns one <see cref="CustomerChange"/> per changed customer with version =
    /// max(previous + 1, <paramref name="batchVersion"/>), one <see cref="CustomerProfileChanged"/>
    /// per changed profile, the transfers to send and what became of each input.
    /// </summary>
    /// <param name="changedAt">Stamped on every output (the caller's clock or the batch's input time).</param>
    /// <param name="batchVersion">
    /// The version of this batch's outputs (<see cref="OutputVersions"/>: the runtime's batch version). A crashed
    /// predecessor may have published changes (from batches it never committed) that this task replays with other
    /// batch boundaries; the replay's batch versions are above every version the predecessor could have used, so
    /// consumers that keep the highest version take the replay's changes. A customer's first change in a new epoch
    /// also republishes its profile, even when no field differs from the stored state, since the predecessor may
    /// have published a profile that the replay does not reach again. 0 (tests): versions count up per customer.
    /// </param>
    public AggregatorBatch EndBatch(DateTime changedAt, long batchVersion = 0)
    {
        var collected = new CollectedOutput();
        var batch = EndBatch(changedAt, batchVersion, collected);
        return new AggregatorBatch(
            collected.Changes, collected.Profiles, batch.Transfers, batch.Outcomes, batch.UpdatedTaskState, batch.SavedStates, batch.Counts);
    }

    /// <summary>
    /// Closes the batch like <see cref="EndBatch(DateTime, long)"/>, handing each customer's outputs to
    /// <paramref name="output"/> as soon as they are made instead of collecting them.
    /// </summary>
    public AggregatorBatch EndBatch(DateTime changedAt, long batchVersion, IAggregatorOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ResolveParkedTransfers();
        if (_order.Count == 0 && _transfers.Count == 0 && !_taskDirty)
        {
            return _outcomes.Count == 0 ? AggregatorBatch.Empty : new AggregatorBatch([], [], [], TakeOutcomes(), null, 0, default);
        }

        changedAt = Utc.Of(changedAt);
        int saved = 0, changes = 0, removals = 0, profiles = 0;
        foreach (var pending in _order)
        {
            var entry = new Entry(_store.Load(pending.CustomerId) ?? new CustomerState(pending.CustomerId));
            foreach (var op in pending.Ops)
            {
                var outcome = op.Input is IdentityFact fact
                    ? ApplyFact(entry, fact, op.Order)
                    : Resolve(entry, (StateTransfer)op.Input, op.Order);
                if (op.Order < _outcomes.Count)
                {
                    _outcomes[op.Order] = outcome;
                }
            }

            var state = entry.State;
            foreach (var survivor in entry.EarlierRemovals)
            {
                output.Change(RemovedChange(state, survivor, entry.ErasureId, changedAt, batchVersion));
                removals++;
            }

            if (entry.Changes.Removed)
            {
                output.Change(RemovedChange(state, state.MergedInto!, entry.ErasureId, changedAt, batchVersion));
                removals++;
                if (state.MergedInto == CustomerState.ErasedMarker)
                {
                    output.ProfileErased(state.CustomerId);
                }
            }
            else if (entry.Changes.Touched)
            {
                profiles += Emit(entry, changedAt, batchVersion, output) ? 1 : 0;
                changes++;
            }

            if (entry.Dirty)
            {
                _store.Save(state);
                saved++;
            }
        }

        // In the order of the inputs that caused them, as if every input had been applied as it came.
        _transfers.Sort(static (a, b) => a.Order.CompareTo(b.Order));
        var transfers = new List<StateTransfer>(_transfers.Count);
        foreach (var (_, transfer) in _transfers)
        {
            transfers.Add(transfer);
        }

        var result = new AggregatorBatch(
            [], [], transfers, TakeOutcomes(), _taskDirty ? _task : null, saved, new AggregatorBatch.OutputCounts(changes + removals, removals, profiles));
        _pending.Clear();
        _order.Clear();
        _transfers.Clear();
        _taskDirty = false;
        return result;
    }

    private List<FactOutcome> TakeOutcomes()
    {
        var outcomes = _outcomes;
        _outcomes = [];
        return outcomes;
    }

    /// <summary>Parked transfers whose route seq the watermark has reached join their targets' inputs, in route seq order, after this batch's own.</summary>
    private void ResolveParkedTransfers()
    {
        if (_task.Parked.Count == 0)
        {
            return;
        }

        var ready = _task.Parked.FindAll(p => p.RouteSeq <= _task.FactWatermark);
        if (ready.Count == 0)
        {
            return;
        }

        _task.Parked.RemoveAll(p => p.RouteSeq <= _task.FactWatermark);
        _taskDirty = true;
        ready.Sort((a, b) => a.RouteSeq.CompareTo(b.RouteSeq));
        var order = _outcomes.Count;
        foreach (var transfer in ready)
        {
            PendingOf(transfer.TargetId).Ops.Add(new Op(transfer, order++));
        }
    }

    /// <returns>Whether a profile event went out too.</returns>
    private bool Emit(Entry entry, DateTime changedAt, long batchVersion, IAggregatorOutput output)
    {
        var state = entry.State;
        var summary = SummaryCalculator.Compute(state, _figures);
        var firstInIncarnation = OutputVersions.FirstInIncarnation(state.Version, batchVersion);
        var version = NextVersion(state, batchVersion);

        var touchedPeriods = entry.Changes.Periods.ToArray();
        Array.Sort(touchedPeriods);
        var rows = _figures.Rows(state, touchedPeriods);
        var periodRows = new List<PeriodRow>(touchedPeriods.Length);
        for (var i = 0; i < touchedPeriods.Length; i++)
        {
            periodRows.Add(rows[i].IsEmpty ? PeriodRows.Deleted(touchedPeriods[i]) : PeriodRows.Of(touchedPeriods[i], rows[i]));
        }

        var touchedOrders = entry.Changes.Orders.ToArray();
        Array.Sort(touchedOrders, StringComparer.Ordinal);
        var orderRows = new List<OrderRow>(touchedOrders.Length);
        foreach (var key in touchedOrders)
        {
            orderRows.Add(state.Orders[key].ToRow());
        }

        output.Change(new CustomerChange
        {
            CustomerId = state.CustomerId,
            Version = version,
            ChangedAt = changedAt,
            // Shared with the state's last summary: neither is changed after this, and the output is encoded at once.
            Summary = summary,
            Periods = periodRows,
            Orders = orderRows,
        });

        var changedFields = ProfileFields.Changed(state.LastSummary, summary);
        var profile = changedFields.Count > 0 || firstInIncarnation;
        if (profile)
        {
            output.ProfileChanged(new CustomerProfileChanged
            {
                EventId = $"{state.CustomerId}:{version}",
                CustomerId = state.CustomerId,
                Version = version,
                ChangedAt = changedAt,
                ChangedFields = changedFields,
                Profile = ProfileFields.ProfileOf(summary),
            });
        }

        state.LastSummary = summary;
        return profile;
    }

    private static CustomerChange RemovedChange(CustomerState state, string survivorId, string? erasureId, DateTime changedAt, long batchVersion)
    {
        var erased = survivorId == CustomerState.ErasedMarker;
        return new CustomerChange
        {
            CustomerId = state.CustomerId,
            Version = NextVersion(state, batchVersion),
            ChangedAt = changedAt,
            Removed = true,
            MergedInto = erased ? null : survivorId,
            ErasureId = erased ? erasureId ?? "" : null,
        };
    }

    /// <summary>Forgets the customer: its whole state goes (nothing is transferred), a tombstone remembers the erasure.</summary>
    private static void Erase(Entry entry, string erasureId, long seq)
    {
        entry.State.DetachForTransfer(seq, CustomerState.ErasedMarker);
        entry.ErasureId = erasureId;
        entry.Changes.MarkRemoved();
    }

    private static long NextVersion(CustomerState state, long batchVersion)
    {
        state.Version = OutputVersions.Next(state.Version, batchVersion);
        return state.Version;
    }

    private void Merge(Entry entry, string survivorId, long seq, int order)
    {
        var state = entry.State;
        if (string.Equals(survivorId, state.CustomerId, StringComparison.Ordinal))
        {
            return;
        }

        var payload = state.DetachForTransfer(seq, survivorId);
        _transfers.Add((order, new StateTransfer(survivorId, state.CustomerId, seq, seq, payload)));
        entry.Changes.MarkRemoved();
    }

    private static void Reactivate(Entry entry)
    {
        if (entry.Changes.Removed)
        {
            // Merged away earlier in this very batch: that removal is still owed to the projection.
            entry.EarlierRemovals.Add(entry.State.MergedInto!);
            entry.Changes.Reset();
        }

        entry.State.Reactivate();
    }

    private Pending PendingOf(string customerId)
    {
        if (!_pending.TryGetValue(customerId, out var pending))
        {
            pending = new Pending(customerId);
            _pending.Add(customerId, pending);
            _order.Add(pending);
        }

        return pending;
    }

    /// <summary>Outputs kept in lists, for callers that take the batch as a whole.</summary>
    private sealed class CollectedOutput : IAggregatorOutput
    {
        public List<CustomerChange> Changes { get; } = [];

        public List<CustomerProfileChanged> Profiles { get; } = [];

        public void Change(CustomerChange change) => Changes.Add(change);

        public void ProfileChanged(CustomerProfileChanged profile) => Profiles.Add(profile);

        public void ProfileErased(string customerId) => ErasedProfiles.Add(customerId);

        public List<string> ErasedProfiles { get; } = [];
    }

    /// <summary>A customer's inputs of the batch, in the order they came.</summary>
    private sealed class Pending(string customerId)
    {
        public string CustomerId { get; } = customerId;

        public List<Op> Ops { get; } = [];
    }

    /// <summary>An input (a fact or a transfer); <see cref="Order"/> is its place among the batch's inputs.</summary>
    private readonly record struct Op(object Input, int Order);

    /// <summary>A customer while the batch applies its inputs.</summary>
    private sealed class Entry(CustomerState state)
    {
        public CustomerState State { get; } = state;

        public CustomerChanges Changes { get; } = new();

        public List<string> EarlierRemovals { get; } = [];

        /// <summary>The erasure applied to this customer in the batch, if any.</summary>
        public string? ErasureId { get; set; }

        public bool Dirty { get; set; }
    }
}
