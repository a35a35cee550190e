using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Projection.Documents;

namespace CustomerStream.Projection.Writing;

/// <summary>Turns contract records into projected documents: lower-case enum values, UTC instants, natural-key ids.</summary>
internal static class DocumentFactory
{
    public static string GrainName(Grain grain) => grain switch
    {
        Grain.MONTH => "month",
        Grain.QUARTER => "quarter",
        Grain.YEAR => "year",
        _ => throw new ArgumentOutOfRangeException(nameof(grain), grain, null),
    };

    public static string VisibilityName(VisibilityStatus status) => status switch
    {
        VisibilityStatus.VISIBLE => "visible",
        VisibilityStatus.TEST => "test",
        VisibilityStatus.DELETED => "deleted",
        VisibilityStatus.ANONYMOUS => "anonymous",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string StatusName(OrderStatus status) => status switch
    {
        OrderStatus.APPROVED => "approved",
        OrderStatus.PENDING => "pending",
        OrderStatus.DECLINED => "declined",
        OrderStatus.REFUNDED => "refunded",
        OrderStatus.CANCELLED => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static DateOnly PeriodStart(PeriodRow row) => DateOnly.FromDateTime(Utc.Of(row.PeriodStart));

    public static CustomerDocument Customer(FoldedCustomer folded, CustomerDocument? stored, DateTime now)
    {
        var document = new CustomerDocument
        {
            Id = folded.CustomerId,
            Version = folded.Version,
            Removed = folded.Removed,
            MergedInto = folded.MergedInto,
            ChangedAt = Utc.Of(folded.ChangedAt),
            UpdatedAt = now,
        };

        if (folded.Removed)
        {
            // A tombstone: only the version and where it went are kept; mart views never show it.
            return document;
        }

        if (folded.Summary is { } summary)
        {
            CopySummary(summary, document);
        }
        else if (stored is { Removed: false } && !folded.ClearStoredRows)
        {
            // The applied changes carried rows only: the profile stays what it was.
            CopyProfile(stored, document);
        }

        return document;
    }

    public static CustomerPeriodDocument Period(string customerId, PeriodRow row, DateTime now)
    {
        var grain = GrainName(row.Grain);
        var start = PeriodStart(row);
        return new CustomerPeriodDocument
        {
            Id = CustomerPeriodDocument.KeyOf(customerId, grain, start),
            CustomerId = customerId,
            Grain = grain,
            PeriodStart = start,
            OrderCount = row.OrderCount,
            Revenue = row.Revenue,
            RefundedAmount = row.RefundedAmount,
            FirstOrderTs = Utc.Of(row.FirstOrderTs),
            LastOrderTs = Utc.Of(row.LastOrderTs),
            WebSessions = row.WebSessions,
            PageViews = row.PageViews,
            UpdatedAt = now,
        };
    }

    public static CustomerPeriodUnitDocument PeriodUnit(string customerId, PeriodRow row, DateTime now)
    {
        var grain = GrainName(row.Grain);
        var start = PeriodStart(row);
        var unit = row.BusinessUnit ?? throw new ArgumentException("A business-unit row needs a business unit", nameof(row));
        return new CustomerPeriodUnitDocument
        {
            Id = CustomerPeriodUnitDocument.KeyOf(customerId, grain, start, unit),
            CustomerId = customerId,
            Grain = grain,
            PeriodStart = start,
            BusinessUnit = unit,
            OrderCount = row.OrderCount,
            Revenue = row.Revenue,
            RefundedAmount = row.RefundedAmount,
            FirstOrderTs = Utc.Of(row.FirstOrderTs),
            LastOrderTs = Utc.Of(row.LastOrderTs),
            UpdatedAt = now,
        };
    }

    public static string PeriodKey(string customerId, PeriodRow row) => row.BusinessUnit is { } unit
        ? CustomerPeriodUnitDocument.KeyOf(customerId, GrainName(row.Grain), PeriodStart(row), unit)
        : CustomerPeriodDocument.KeyOf(customerId, GrainName(row.Grain), PeriodStart(row));

    public static OrderDocument Order(string customerId, OrderRow row, DateTime now) => new()
    {
        Id = OrderDocument.KeyOf(customerId, row.SourceSystem, row.OrderId),
        CustomerId = customerId,
        SourceSystem = row.SourceSystem,
        OrderId = row.OrderId,
        OrderTs = Utc.Of(row.OrderTs),
        UpdatedAt = Utc.Of(row.UpdatedAt),
        Status = StatusName(row.Status),
        Amount = row.Amount,
        Currency = row.Currency,
        BusinessUnit = row.BusinessUnit,
        Category = row.Category,
        ProductId = row.ProductId,
        Quantity = row.Quantity,
        ProjectedAt = now,
    };

    public static IdentityLinkDocument Link(IdentityLink link, DateTime now)
    {
        var parsed = Identifier.TryParse(link.Identifier, out var identifier);
        return new IdentityLinkDocument
        {
            Id = link.Identifier,
            CustomerId = link.CustomerId,
            DerivedId = parsed ? Customer360Id.From(identifier).Value : "",
            Namespace = parsed ? identifier.Namespace : "",
            IsStrong = parsed && identifier.IsStrong,
            SourceSystem = link.SourceSystem,
            FirstSeenTs = Utc.Of(link.FirstSeenTs),
            Version = link.Version,
            UpdatedAt = now,
        };
    }

    public static CustomerAliasDocument Alias(CustomerMerged merged, DateTime now) => new()
    {
        Id = merged.MergedId,
        SurvivorId = merged.SurvivorId,
        Version = merged.Version,
        EventId = merged.EventId,
        MergedAt = Utc.Of(merged.MergedAt),
        Reason = merged.Reason,
        LinkingIdentifier = merged.LinkingIdentifier,
        UpdatedAt = now,
    };

    public static RejectedRecordDocument Rejected(RejectedRecord record, DateTime now) => new()
    {
        Id = record.RejectionId,
        SourceSystem = record.SourceSystem,
        Entity = record.Entity,
        InputRef = record.InputRef,
        ReasonCode = record.ReasonCode,
        Reason = record.Reason,
        Raw = record.Raw,
        RawBytes = record.RawBytes,
        RejectedAt = Utc.Of(record.RejectedAt),
        UpdatedAt = now,
    };

    private static void CopySummary(CustomerSummary s, CustomerDocument d)
    {
        d.VisibilityStatus = VisibilityName(s.VisibilityStatus);
        d.AcquisitionTs = Utc.Of(s.AcquisitionTs);
        d.AcquisitionSource = s.AcquisitionSource;
        d.Email = s.Email;
        d.FirstName = s.FirstName;
        d.LastName = s.LastName;
        d.Phone = s.Phone;
        d.Country = s.Country;
        d.City = s.City;
        d.Identifiers = [.. s.Identifiers];
        d.LifetimeValue = s.LifetimeValue;
        d.TotalTransactions = s.TotalTransactions;
        d.RefundedAmount = s.RefundedAmount;
        d.FirstTransactionTs = Utc.Of(s.FirstTransactionTs);
        d.LastTransactionTs = Utc.Of(s.LastTransactionTs);
        d.AvgTransactionValue = s.AvgTransactionValue;
        d.TransactionValueStddev = s.TransactionValueStddev;
        d.MinTransactionValue = s.MinTransactionValue;
        d.MaxTransactionValue = s.MaxTransactionValue;
        d.MedianTransactionValue = s.MedianTransactionValue;
        d.WebSessions = s.WebSessions;
        d.PageViews = s.PageViews;
    }

    private static void CopyProfile(CustomerDocument s, CustomerDocument d)
    {
        d.VisibilityStatus = s.VisibilityStatus;
        d.AcquisitionTs = s.AcquisitionTs;
        d.AcquisitionSource = s.AcquisitionSource;
        d.Email = s.Email;
        d.FirstName = s.FirstName;
        d.LastName = s.LastName;
        d.Phone = s.Phone;
        d.Country = s.Country;
        d.City = s.City;
        d.Identifiers = s.Identifiers;
        d.LifetimeValue = s.LifetimeValue;
        d.TotalTransactions = s.TotalTransactions;
        d.RefundedAmount = s.RefundedAmount;
        d.FirstTransactionTs = s.FirstTransactionTs;
        d.LastTransactionTs = s.LastTransactionTs;
        d.AvgTransactionValue = s.AvgTransactionValue;
        d.TransactionValueStddev = s.TransactionValueStddev;
        d.MinTransactionValue = s.MinTransactionValue;
        d.MaxTransactionValue = s.MaxTransactionValue;
        d.MedianTransactionValue = s.MedianTransactionValue;
        d.WebSessions = s.WebSessions;
        d.PageViews = s.PageViews;
    }
}
