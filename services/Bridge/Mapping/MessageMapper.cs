using Contract = CustomerStream.Contracts.Customer;
using Message = CustomerStream.Messages;

namespace CustomerStream.Bridge.Mapping;

/// <summary>
/// The Avro contract records of the public topics turned into the MassTransit messages subscribers reference:
/// the same fields (PascalCase), times as UTC <see cref="DateTimeOffset"/>s, money as <see cref="decimal"/>.
/// </summary>
public static class MessageMapper
{
    /// <summary>The message for one <c>customer.profile-changed.v1</c> record.</summary>
    public static Message.CustomerProfileChanged ToMessage(Contract.CustomerProfileChanged changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var profile = changed.Profile;
        return new Message.CustomerProfileChanged
        {
            EventId = changed.EventId,
            CustomerId = changed.CustomerId,
            Version = changed.Version,
            ChangedAt = Utc(changed.ChangedAt),
            ChangedFields = [.. changed.ChangedFields],
            Profile = new Message.CustomerProfile
            {
                VisibilityStatus = ToMessage(profile.VisibilityStatus),
                AcquisitionTs = Utc(profile.AcquisitionTs),
                AcquisitionSource = profile.AcquisitionSource,
                Email = profile.Email,
                FirstName = profile.FirstName,
                LastName = profile.LastName,
                Phone = profile.Phone,
                Country = profile.Country,
                City = profile.City,
                Identifiers = [.. profile.Identifiers],
                LifetimeValue = profile.LifetimeValue,
                TotalTransactions = profile.TotalTransactions,
                RefundedAmount = profile.RefundedAmount,
                FirstTransactionTs = Utc(profile.FirstTransactionTs),
                LastTransactionTs = Utc(profile.LastTransactionTs),
                WebSessions = profile.WebSessions,
                PageViews = profile.PageViews,
            },
        };
    }

    /// <summary>The message for one <c>customer.merged.v1</c> record.</summary>
    public static Message.CustomerMerged ToMessage(Contract.CustomerMerged merged)
    {
        ArgumentNullException.ThrowIfNull(merged);
        return new Message.CustomerMerged
        {
            EventId = merged.EventId,
            SurvivorId = merged.SurvivorId,
            MergedId = merged.MergedId,
            Version = merged.Version,
            MergedAt = Utc(merged.MergedAt),
            Reason = merged.Reason,
            LinkingIdentifier = merged.LinkingIdentifier,
            SurvivorAcquisitionTs = Utc(merged.SurvivorAcquisitionTs),
            MergedAcquisitionTs = Utc(merged.MergedAcquisitionTs),
        };
    }

    /// <summary>The message for one <c>customer.erased.v1</c> record.</summary>
    public static Message.CustomerErased ToMessage(Contract.CustomerErased erased)
    {
        ArgumentNullException.ThrowIfNull(erased);
        return new Message.CustomerErased
        {
            EventId = erased.EventId,
            CustomerId = erased.CustomerId,
            ErasureId = erased.ErasureId,
            Version = erased.Version,
            ErasedAt = Utc(erased.ErasedAt),
            ErasedIds = [.. erased.ErasedIds],
        };
    }

    /// <summary>The message's visibility for the contract's; a symbol added to the contract must be added here too (a test checks every one).</summary>
    public static Message.VisibilityStatus ToMessage(Contract.VisibilityStatus status) => status switch
    {
        Contract.VisibilityStatus.VISIBLE => Message.VisibilityStatus.Visible,
        Contract.VisibilityStatus.TEST => Message.VisibilityStatus.Test,
        Contract.VisibilityStatus.DELETED => Message.VisibilityStatus.Deleted,
        Contract.VisibilityStatus.ANONYMOUS => Message.VisibilityStatus.Anonymous,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "A visibility status the messages do not know."),
    };

    // Avro timestamp-millis are UTC instants; the codec may hand them over with any DateTimeKind.
    private static DateTimeOffset Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;
}
