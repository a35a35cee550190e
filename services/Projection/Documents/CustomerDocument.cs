namespace CustomerStream.Projection.Documents;

/// <summary>
/// One Customer360 ID as the projection last saw it: the aggregator's summary plus the bookkeeping that
/// makes applying changes idempotent (<see cref="Version"/>) and removals durable (<see cref="Removed"/>
/// keeps the row as a tombstone so that a replayed older change cannot bring a merged-away customer back).
/// </summary>
public sealed class CustomerDocument
{
    /// <summary>The Customer360 ID.</summary>
    public string Id { get; set; } = "";

    /// <summary>Version of the last applied <c>CustomerChange</c>.</summary>
    public long Version { get; set; }

    public bool Removed { get; set; }

    public string? MergedInto { get; set; }

    /// <summary>When the aggregator made the last applied change (UTC).</summary>
    public DateTime ChangedAt { get; set; }

    /// <summary>When the projection wrote this row (UTC).</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>Lower-case visibility (<c>visible</c>, <c>test</c>, <c>deleted</c>, <c>anonymous</c>); null until a summary arrived.</summary>
    public string? VisibilityStatus { get; set; }

    public DateTime? AcquisitionTs { get; set; }
    public string? AcquisitionSource { get; set; }
    public string? Email { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Phone { get; set; }
    public string? Country { get; set; }
    public string? City { get; set; }
    public string[] Identifiers { get; set; } = [];
    public decimal LifetimeValue { get; set; }
    public long TotalTransactions { get; set; }
    public decimal RefundedAmount { get; set; }
    public DateTime? FirstTransactionTs { get; set; }
    public DateTime? LastTransactionTs { get; set; }
    public decimal? AvgTransactionValue { get; set; }
    public decimal? TransactionValueStddev { get; set; }
    public decimal? MinTransactionValue { get; set; }
    public decimal? MaxTransactionValue { get; set; }
    public decimal? MedianTransactionValue { get; set; }
    public long WebSessions { get; set; }
    public long PageViews { get; set; }
}
