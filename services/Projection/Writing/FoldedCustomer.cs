using CustomerStream.Contracts.Aggregate;

namespace CustomerStream.Projection.Writing;

/// <summary>
/// The net effect of the applicable changes of one customer within a batch: what the customer row
/// becomes and which period rows and orders to write, each key once (the latest change wins).
/// </summary>
internal sealed class FoldedCustomer(string customerId)
{
    public string CustomerId { get; } = customerId;

    public long Version { get; set; }

    public DateTime ChangedAt { get; set; }

    public bool Removed { get; set; }

    public string? MergedInto { get; set; }

    /// <summary>Set when the latest applied removal is an erasure: the person's links, aliases and rejections go too.</summary>
    public string? ErasureId { get; set; }

    /// <summary>The latest summary among the applied changes; null when none carried one.</summary>
    public CustomerSummary? Summary { get; set; }

    /// <summary>A removal was applied: every stored row of the customer goes before the rows below are written.</summary>
    public bool ClearStoredRows { get; set; }

    /// <summary>Period rows by natural key (<see cref="Names.PeriodKey"/>); a row with <c>Deleted</c> set is deleted.</summary>
    public Dictionary<(Grain Grain, DateOnly Start, string? BusinessUnit), PeriodRow> Periods { get; } = [];

    /// <summary>Orders by natural key (<see cref="Names.OrderKey"/>).</summary>
    public Dictionary<(string SourceSystem, string OrderId), OrderRow> Orders { get; } = [];

    public int AppliedChanges { get; set; }
}
