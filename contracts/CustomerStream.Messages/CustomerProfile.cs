namespace CustomerStream.Messages;

/// <summary>A customer's whole current profile, as carried by <see cref="CustomerProfileChanged"/>.</summary>
public sealed record CustomerProfile
{
    public required VisibilityStatus VisibilityStatus { get; init; }

    /// <summary>When the customer was acquired (UTC), and through which source.</summary>
    public DateTimeOffset? AcquisitionTs { get; init; }

    public string? AcquisitionSource { get; init; }

    public string? Email { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Phone { get; init; }

    /// <summary>ISO 3166-1 alpha-2 when the input was recognizable.</summary>
    public string? Country { get; init; }

    public string? City { get; init; }

    /// <summary>Every identifier of the customer, <c>namespace:value</c> (<c>email:ann@example.com</c>, <c>crm:123</c>, <c>device:d1</c>).</summary>
    public IReadOnlyList<string> Identifiers { get; init; } = [];

    /// <summary>Sum of approved order amounts.</summary>
    public required decimal LifetimeValue { get; init; }

    /// <summary>Count of approved orders.</summary>
    public required long TotalTransactions { get; init; }

    public required decimal RefundedAmount { get; init; }

    public DateTimeOffset? FirstTransactionTs { get; init; }

    public DateTimeOffset? LastTransactionTs { get; init; }

    public required long WebSessions { get; init; }

    public required long PageViews { get; init; }
}
