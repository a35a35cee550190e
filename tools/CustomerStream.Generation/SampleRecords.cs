using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Generation;

/// <summary>One customer-master record version as written: its text fields and the values they mean.</summary>
internal sealed record MasterVersion
{
    public required string Source { get; init; }

    public required string CustomerId { get; init; }

    public string EmailText { get; init; } = "";

    /// <summary>The normalized e-mail when <see cref="EmailText"/> is well-formed, else null.</summary>
    public string? Email { get; init; }

    public string FirstName { get; init; } = "";

    public string LastName { get; init; } = "";

    public string Phone { get; init; } = "";

    public string CountryText { get; init; } = "";

    public string City { get; init; } = "";

    public required Stamp Created { get; init; }

    /// <summary>Null: the column is left empty and the version is its created_at.</summary>
    public Stamp? Updated { get; init; }

    public required string StatusText { get; init; }

    public required CustomerStatus Status { get; init; }

    public string IsTestText { get; init; } = "";

    public bool IsTest { get; init; }

    /// <summary>Text of an unknown column (<c>notes</c>) that ingest must ignore.</summary>
    public string Notes { get; init; } = "";

    public DateTime Version => Updated?.Utc ?? Created.Utc;
}

/// <summary>One order version as written.</summary>
internal sealed record OrderVersion
{
    public required string Source { get; init; }

    public required string OrderId { get; init; }

    public string? CustomerId { get; init; }

    public string EmailText { get; init; } = "";

    public string? Email { get; init; }

    public required Stamp OrderTs { get; init; }

    public Stamp? Updated { get; init; }

    public required string StatusText { get; init; }

    public required OrderStatus Status { get; init; }

    public required decimal Amount { get; init; }

    public required string AmountText { get; init; }

    public required string CurrencyText { get; init; }

    public string BusinessUnitText { get; init; } = "";

    public string Category { get; init; } = "";

    public string ProductId { get; init; } = "";

    public string QuantityText { get; init; } = "";

    public DateTime Version => Updated?.Utc ?? OrderTs.Utc;
}

/// <summary>One web event as written.</summary>
internal sealed record WebEventIntent
{
    public required string EventId { get; init; }

    public required Stamp Ts { get; init; }

    public required string Type { get; init; }

    public string? DeviceId { get; init; }

    public string? CookieId { get; init; }

    public string? UserId { get; init; }

    /// <summary>The user's system as written; null when the line leaves it to the source's default.</summary>
    public string? UserSourceText { get; init; }

    /// <summary>The user's system the event means (written or the source's default).</summary>
    public string? UserSource { get; init; }

    public string? EmailText { get; init; }

    public string? Email { get; init; }

    public required string SessionId { get; init; }

    public string? Url { get; init; }

    public string? Referrer { get; init; }

    /// <summary>The <c>source_system</c> written on the line, or null for the default (<c>web</c>).</summary>
    public string? SourceSystem { get; init; }

    public string? ProductId { get; init; }
}
