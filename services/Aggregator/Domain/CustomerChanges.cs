namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// What one batch did to one customer: whether any visible state changed, which period rows and
/// which orders were touched, whether it was merged away.
/// </summary>
/// <remarks>
/// A task that crashes after publishing a batch's changes but before committing it is replayed from
/// its committed state, with other batch boundaries and possibly another interleaving of facts and
/// transfers, under higher (batch) versions. Whatever the lost attempt published must be superseded,
/// so: every row an input touches is emitted (even when its value ends where it started); an input
/// that is stale by the time it is replayed (a transfer brought a newer version first) still touches
/// the rows and the order its own contribution maps to; a fold touches the rows of every entity it
/// carries, winning or not. Every row the lost attempt published was touched by one of its inputs,
/// and every one of those inputs comes again.
/// </remarks>
public sealed class CustomerChanges
{
    public bool Touched { get; private set; }

    public HashSet<PeriodKey> Periods { get; } = [];

    public HashSet<string> Orders { get; } = new(StringComparer.Ordinal);

    /// <summary>The customer was merged away in this batch (and not re-activated since).</summary>
    public bool Removed { get; private set; }

    public void Touch() => Touched = true;

    public void TouchOrder(string orderKey)
    {
        Touched = true;
        Orders.Add(orderKey);
    }

    public void MarkRemoved()
    {
        Touched = true;
        Removed = true;
        Periods.Clear();
        Orders.Clear();
    }

    public void Reset()
    {
        Touched = false;
        Removed = false;
        Periods.Clear();
        Orders.Clear();
    }
}
