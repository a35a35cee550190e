using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>
/// Builds identity facts the way the identity service numbers them: one global, increasing seq.
/// Shared by the unit tests, the property tests and the integration tests.
/// </summary>
public sealed class FactFeed
{
    private long _seq;

    public FactFeed(long startSeq = 0)
    {
        _seq = startSeq;
    }

    public long LastSeq => _seq;

    public IdentityFact Wrap(string customerId, object fact) => new() { CustomerId = customerId, Seq = ++_seq, Fact = fact };

    public IdentityFact Order(
        string customerId,
        string orderId,
        string orderTs,
        decimal amount = 10m,
        OrderStatus status = OrderStatus.APPROVED,
        string? updatedAt = null,
        string businessUnit = "default",
        string source = "shop",
        string? email = null,
        string? hash = null,
        string? category = null) =>
        Wrap(customerId, new OrderFact
        {
            SourceSystem = source,
            OrderId = orderId,
            OrderTs = T.Of(orderTs),
            UpdatedAt = T.Of(updatedAt ?? orderTs),
            Status = status,
            Amount = amount,
            Currency = "EUR",
            BusinessUnit = businessUnit,
            Category = category,
            CustomerEmail = email,
            RecordHash = hash ?? $"{orderId}|{orderTs}|{amount}|{status}|{updatedAt}|{businessUnit}|{email}|{category}",
        });

    public IdentityFact Customer(
        string customerId,
        string sourceCustomerId,
        string updatedAt,
        string source = "crm",
        string? email = null,
        string? firstName = null,
        string? lastName = null,
        string? country = null,
        string? city = null,
        string? phone = null,
        CustomerStatus status = CustomerStatus.ACTIVE,
        bool isTest = false,
        string? createdAt = null,
        string? hash = null) =>
        Wrap(customerId, new CustomerFact
        {
            SourceSystem = source,
            SourceCustomerId = sourceCustomerId,
            Email = email,
            FirstName = firstName,
            LastName = lastName,
            Phone = phone,
            Country = country,
            City = city,
            CreatedAt = createdAt is null ? null : T.Of(createdAt),
            UpdatedAt = T.Of(updatedAt),
            Status = status,
            IsTest = isTest,
            RecordHash = hash ?? $"{sourceCustomerId}|{updatedAt}|{email}|{firstName}|{lastName}|{country}|{city}|{phone}|{status}|{isTest}",
        });

    public IdentityFact Web(
        string customerId,
        string eventId,
        string ts,
        string type = "page_view",
        string? session = "s1",
        AttributionAction action = AttributionAction.APPLY,
        string? email = null) =>
        Wrap(customerId, new WebActivityFact { EventId = eventId, Action = action, Ts = T.Of(ts), Type = type, SessionId = session, Email = email });

    public IdentityFact Retract(string customerId, string eventId, string ts, string type = "page_view", string? session = "s1") =>
        Web(customerId, eventId, ts, type, session, AttributionAction.RETRACT);

    public IdentityFact Identifier(string customerId, string identifier, string firstSeen = "2020-01-01", string? source = null) =>
        Wrap(customerId, new IdentifierFact { Identifier = identifier, SourceSystem = source, FirstSeenTs = T.Of(firstSeen) });

    public IdentityFact Acquisition(string customerId, string? ts, string? source) =>
        Wrap(customerId, new AcquisitionFact { AcquisitionTs = ts is null ? null : T.Of(ts), AcquisitionSource = source });

    public IdentityFact Merge(string loserId, string survivorId) => Wrap(loserId, new MergeFact { SurvivorId = survivorId });

    /// <summary>
    /// A merge as the identity service announces it: the MergeFact to the loser, then a fact to the
    /// survivor (here the loser's anchor identifier) — the aggregator relies on the survivor's partition
    /// receiving a fact after the merge (see <c>FactOutcome.Parked</c>).
    /// </summary>
    public IdentityFact[] MergeAnnounced(string loserId, string survivorId, string loserIdentifier) =>
        [Merge(loserId, survivorId), Identifier(survivorId, loserIdentifier)];
}
