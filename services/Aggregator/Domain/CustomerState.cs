using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// Everything the aggregator knows about one Customer360 ID: the entities (customer-master records,
/// orders, web-event attributions, identifiers, acquisition), the bookkeeping that makes every update
/// idempotent (last applied seq, applied transfers, merge history) and the version of its last
/// emitted change. Period figures are derived from the entities when needed (<see cref="CustomerFigures"/>), never stored.
/// A merged-away customer is a tombstone: no entities, but its seq, version and history remain.
/// </summary>
public sealed class CustomerState
{
    private static readonly HashSet<TransferId> NoTransfers = [];

    // Both are empty for almost every customer: created on first use.
    private List<MergeRecord>? _mergeHistory;
    private HashSet<TransferId>? _appliedTransfers;
    private Dictionary<string, MasterRecord> _records = new(StringComparer.Ordinal);
    private Dictionary<string, OrderVersion> _orders = new(StringComparer.Ordinal);
    private Dictionary<string, WebEventEntry> _webEvents = new(StringComparer.Ordinal);
    private Dictionary<string, IdentifierEntry> _identifiers = new(StringComparer.Ordinal);

    public CustomerState(string customerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        CustomerId = customerId;
    }

    public string CustomerId { get; }

    /// <summary>Highest identity seq applied to this ID; facts at or below it are duplicates.</summary>
    public long LastSeq { get; internal set; }

    /// <summary>The <see cref="MergeRecord.SurvivorId"/> of an erasure: the customer went nowhere, it was forgotten.</summary>
    public const string ErasedMarker = "";

    /// <summary>Version of the last change emitted for this customer.</summary>
    public long Version { get; internal set; }

    /// <summary>Merged away (a tombstone) until a later fact or transfer re-activates the ID.</summary>
    public bool Removed { get; internal set; }

    public string? MergedInto => Removed && MergeHistory.Count > 0 ? MergeHistory[^1].SurvivorId : null;

    /// <summary>Every merge of this ID, in seq order (an ID can be merged, re-activated, merged again).</summary>
    public IReadOnlyList<MergeRecord> MergeHistory => (IReadOnlyList<MergeRecord>?)_mergeHistory ?? [];

    /// <summary>Transfers folded into this customer (or into a customer it absorbed), so a redelivery is dropped.</summary>
    public IReadOnlySet<TransferId> AppliedTransfers => _appliedTransfers ?? NoTransfers;

    /// <summary>Customer-master records by <c>source_system:source_customer_id</c>.</summary>
    public IReadOnlyDictionary<string, MasterRecord> Records => _records;

    /// <summary>Orders by <c>source_system:comparisonid</c>.</summary>
    public IReadOnlyDictionary<string, OrderVersion> Orders => _orders;

    /// <summary>Web-event attributions (present or retracted) by event id.</summary>
    public IReadOnlyDictionary<string, WebEventEntry> WebEvents => _webEvents;

    /// <summary>Identifiers by their text.</summary>
    public IReadOnlyDictionary<string, IdentifierEntry> Identifiers => _identifiers;

    public Acquisition Acquisition { get; internal set; } = Acquisition.None;

    /// <summary>The summary of the last emitted change (null before the first one, and after a removal).</summary>
    public CustomerSummary? LastSummary { get; internal set; }

    /// <summary>The orders, for loops that must not allocate an enumerator.</summary>
    internal Dictionary<string, OrderVersion>.ValueCollection OrderValues => _orders.Values;

    /// <summary>The web events, for loops that must not allocate an enumerator.</summary>
    internal Dictionary<string, WebEventEntry>.ValueCollection WebEventValues => _webEvents.Values;

    /// <summary>The customer-master records, for loops that must not allocate an enumerator.</summary>
    internal Dictionary<string, MasterRecord>.ValueCollection RecordValues => _records.Values;

    /// <summary>True when nothing but bookkeeping is left (a fresh or merged-away customer).</summary>
    public bool HasNoEntities =>
        Records.Count == 0 && Orders.Count == 0 && WebEvents.Count == 0 && Identifiers.Count == 0 && Acquisition == Acquisition.None;

    internal void ApplyRecord(MasterRecord record, CustomerChanges changes)
    {
        if (_records.TryGetValue(record.Key, out var current) && !record.Supersedes(current))
        {
            return;
        }

        _records[record.Key] = record;
        changes.Touch();
    }

    internal void ApplyOrder(OrderVersion order, CustomerChanges changes)
    {
        if (_orders.TryGetValue(order.Key, out var current))
        {
            var comparison = LastWriterWins.Compare(order.UpdatedAt, order.RecordHash, current.UpdatedAt, current.RecordHash);
            if (comparison == 0)
            {
                return;
            }

            if (comparison < 0)
            {
                // Stale (it can only lose to a version a transfer brought first): no figure changes, but
                // its rows are re-emitted, see CustomerChanges.
                CustomerFigures.KeysOf(order, changes.Periods);
                changes.TouchOrder(order.Key);
                return;
            }

            if (order.SameContributionAs(current))
            {
                _orders[order.Key] = order;
                changes.TouchOrder(order.Key);
                return;
            }

            // The rows of the old contribution and of the new one.
            CustomerFigures.KeysOf(current, changes.Periods);
        }

        _orders[order.Key] = order;
        CustomerFigures.KeysOf(order, changes.Periods);
        changes.TouchOrder(order.Key);
    }

    internal void ApplyWeb(WebEventEntry entry, CustomerChanges changes)
    {
        if (_webEvents.TryGetValue(entry.EventId, out var current))
        {
            if (entry.Seq <= current.Seq)
            {
                // Stale (a transfer brought a later attribution first): re-emit its rows, see CustomerChanges.
                CustomerFigures.AllKeysOf(entry, changes.Periods);
                changes.Touch();
                return;
            }

            if (current.SameContentAs(entry))
            {
                // Only the attribution seq moves: nothing visible changes, but a later fold must see it.
                _webEvents[entry.EventId] = entry;
                return;
            }

            CustomerFigures.KeysOf(current, changes.Periods);
        }
        else if (!entry.Present)
        {
            // A retraction before its application (they commute): remember it, nothing to take out.
            _webEvents[entry.EventId] = entry;
            return;
        }

        _webEvents[entry.EventId] = entry;
        CustomerFigures.KeysOf(entry, changes.Periods);
        changes.Touch();
    }

    internal void ApplyIdentifier(IdentifierEntry entry, CustomerChanges changes)
    {
        if (_identifiers.TryGetValue(entry.Identifier, out var current))
        {
            var merged = Earlier(current, entry);
            if (merged == current)
            {
                return;
            }

            entry = merged;
        }

        _identifiers[entry.Identifier] = entry;
        changes.Touch();
    }

    /// <summary>
    /// The identity service only ever moves a customer's acquisition earlier, so its latest fact is also
    /// the earliest one. Keeping the earliest (rather than the last by seq) gives the same answer and
    /// stays independent of when a merged-away customer's acquisition arrives in a transfer.
    /// </summary>
    internal void ApplyAcquisition(Acquisition acquisition, CustomerChanges changes)
    {
        var earliest = Acquisition.Earliest(Acquisition, acquisition);
        if (earliest == Acquisition)
        {
            return;
        }

        Acquisition = earliest;
        changes.Touch();
    }

    /// <summary>
    /// Moves every entity out into a payload for the survivor and leaves a tombstone that remembers the
    /// merge. The applied-transfer set travels too (the survivor now holds what those transfers brought)
    /// and stays here (a redelivery to this ID must still be recognized).
    /// </summary>
    internal CustomerState DetachForTransfer(long mergeSeq, string survivorId)
    {
        var payload = new CustomerState(CustomerId)
        {
            LastSeq = LastSeq,
            _records = _records,
            _orders = _orders,
            _webEvents = _webEvents,
            _identifiers = _identifiers,
            Acquisition = Acquisition,
        };
        if (_appliedTransfers is not null)
        {
            payload._appliedTransfers = [.. _appliedTransfers];
        }

        _records = new(StringComparer.Ordinal);
        _orders = new(StringComparer.Ordinal);
        _webEvents = new(StringComparer.Ordinal);
        _identifiers = new(StringComparer.Ordinal);
        Acquisition = Acquisition.None;
        LastSummary = null;
        Removed = true;
        (_mergeHistory ??= []).Add(new MergeRecord(mergeSeq, survivorId));
        return payload;
    }

    /// <summary>The ID is an anchor again (a later fact or transfer): it starts empty, its version continues.</summary>
    internal void Reactivate()
    {
        Removed = false;
        LastSummary = null;
    }

    /// <summary>
    /// Folds a merged-away customer's entities in: per record and order the newest version wins, per web
    /// event the higher seq, identifiers unite, acquisition is the earliest. Every row before and after
    /// counts as touched: the rows this customer had, and the rows of every entity the loser brings
    /// (whether it wins here or not, see CustomerChanges). Each entity after the fold is one of the two,
    /// so that covers the rows after the fold too.
    /// </summary>
    internal void Fold(CustomerState loser, TransferId transfer, CustomerChanges changes)
    {
        CustomerFigures.KeysOf(this, changes.Periods);
        foreach (var order in loser.OrderValues)
        {
            CustomerFigures.KeysOf(order, changes.Periods);
        }

        foreach (var entry in loser.WebEventValues)
        {
            CustomerFigures.AllKeysOf(entry, changes.Periods);
        }

        foreach (var record in loser.Records.Values)
        {
            if (!_records.TryGetValue(record.Key, out var current) || record.Supersedes(current))
            {
                _records[record.Key] = record;
            }
        }

        foreach (var order in loser.Orders.Values)
        {
            if (!_orders.TryGetValue(order.Key, out var current) || order.Supersedes(current))
            {
                _orders[order.Key] = order;
            }

            changes.TouchOrder(order.Key);
        }

        foreach (var entry in loser.WebEvents.Values)
        {
            if (!_webEvents.TryGetValue(entry.EventId, out var current) || entry.Seq > current.Seq)
            {
                _webEvents[entry.EventId] = entry;
            }
        }

        foreach (var identifier in loser.Identifiers.Values)
        {
            _identifiers[identifier.Identifier] = _identifiers.TryGetValue(identifier.Identifier, out var current)
                ? Earlier(current, identifier)
                : identifier;
        }

        Acquisition = Acquisition.Earliest(Acquisition, loser.Acquisition);
        _appliedTransfers ??= [];
        if (loser._appliedTransfers is not null)
        {
            _appliedTransfers.UnionWith(loser._appliedTransfers);
        }

        _appliedTransfers.Add(transfer);
        changes.Touch();
    }

    // Loading from storage: entities go straight into the maps.
    internal void ReserveForLoad(int records, int orders, int webEvents, int identifiers)
    {
        _records.EnsureCapacity(records);
        _orders.EnsureCapacity(orders);
        _webEvents.EnsureCapacity(webEvents);
        _identifiers.EnsureCapacity(identifiers);
    }

    internal void LoadRecord(MasterRecord record) => _records.Add(record.Key, record);

    internal void LoadOrder(OrderVersion order) => _orders.Add(order.Key, order);

    internal void LoadWeb(WebEventEntry entry) => _webEvents.Add(entry.EventId, entry);

    internal void LoadIdentifier(IdentifierEntry entry) => _identifiers.Add(entry.Identifier, entry);

    internal void LoadMerge(MergeRecord merge) => (_mergeHistory ??= []).Add(merge);

    internal void LoadAppliedTransfer(TransferId transfer) => (_appliedTransfers ??= []).Add(transfer);

    private static IdentifierEntry Earlier(IdentifierEntry a, IdentifierEntry b)
    {
        if (a.FirstSeenTs != b.FirstSeenTs)
        {
            return a.FirstSeenTs < b.FirstSeenTs ? a : b;
        }

        return string.CompareOrdinal(a.SourceSystem, b.SourceSystem) <= 0 ? a : b;
    }
}
