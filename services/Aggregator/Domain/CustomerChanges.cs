namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// What one batch did to one customer: whether any visible state changed, which period rows and
/// which orders were touched, whether it was merged away. Every touched row is emitted (not only rows
/// whose value differs at the end of the batch): after a crash the batch is replayed with other
/// boundaries, and re-emitting every row a replayed fact touches is what repairs a row that an
/// unacknowledged earlier attempt had already published.
/// </summary>
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
