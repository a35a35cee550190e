using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;

namespace CustomerStream.Aggregator.Domain;

/// <summary>A customer's profile and lifetime figures (the content of <see cref="CustomerSummary"/>).</summary>
public sealed record CustomerSummaryValues
{
    public VisibilityStatus VisibilityStatus { get; init; }
    public DateTime? AcquisitionTs { get; init; }
    public string? AcquisitionSource { get; init; }
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Phone { get; init; }
    public string? Country { get; init; }
    public string? City { get; init; }

    /// <summary>Sorted ordinally.</summary>
    public IReadOnlyList<string> Identifiers { get; init; } = [];

    public decimal LifetimeValue { get; init; }
    public long TotalTransactions { get; init; }
    public decimal RefundedAmount { get; init; }
    public DateTime? FirstTransactionTs { get; init; }
    public DateTime? LastTransactionTs { get; init; }
    public decimal? AvgTransactionValue { get; init; }
    public decimal? TransactionValueStddev { get; init; }
    public decimal? MinTransactionValue { get; init; }
    public decimal? MaxTransactionValue { get; init; }
    public decimal? MedianTransactionValue { get; init; }
    public long WebSessions { get; init; }
    public long PageViews { get; init; }

    // The contract types want a List; the outputs are serialized at once and never changed, so they share one.
    private List<string> IdentifierList() => Identifiers as List<string> ?? [.. Identifiers];

    public CustomerSummary ToContract() => new()
    {
        VisibilityStatus = VisibilityStatus,
        AcquisitionTs = AcquisitionTs,
        AcquisitionSource = AcquisitionSource,
        Email = Email,
        FirstName = FirstName,
        LastName = LastName,
        Phone = Phone,
        Country = Country,
        City = City,
        Identifiers = IdentifierList(),
        LifetimeValue = LifetimeValue,
        TotalTransactions = TotalTransactions,
        RefundedAmount = RefundedAmount,
        FirstTransactionTs = FirstTransactionTs,
        LastTransactionTs = LastTransactionTs,
        AvgTransactionValue = AvgTransactionValue,
        TransactionValueStddev = TransactionValueStddev,
        MinTransactionValue = MinTransactionValue,
        MaxTransactionValue = MaxTransactionValue,
        MedianTransactionValue = MedianTransactionValue,
        WebSessions = WebSessions,
        PageViews = PageViews,
    };

    public CustomerProfile ToProfile() => new()
    {
        VisibilityStatus = VisibilityStatus,
        AcquisitionTs = AcquisitionTs,
        AcquisitionSource = AcquisitionSource,
        Email = Email,
        FirstName = FirstName,
        LastName = LastName,
        Phone = Phone,
        Country = Country,
        City = City,
        Identifiers = IdentifierList(),
        LifetimeValue = LifetimeValue,
        TotalTransactions = TotalTransactions,
        RefundedAmount = RefundedAmount,
        FirstTransactionTs = FirstTransactionTs,
        LastTransactionTs = LastTransactionTs,
        WebSessions = WebSessions,
        PageViews = PageViews,
    };
}
