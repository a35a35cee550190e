using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Projection.Writing;

namespace CustomerStream.Customer360.Tests;

/// <summary>
/// What the read API is asked about, written through the projection's own writer: Ann Lee (three orders over two
/// quarters, four identifiers, one of them weak, each linked by a recorded record) who absorbed the shop account
/// u-9, which had been a customer of its own; Bo Khan (one order); a test account. Figures are hand-checked.
/// </summary>
internal static class ConsoleSample
{
    public static readonly string Ann = Id(Identifier.Email("ann.lee@example.com"));

    /// <summary>The Customer360 ID of shop:u-9 before it was merged into Ann.</summary>
    public static readonly string OldAnn = Id(Identifier.SourceId("shop", "u-9"));

    public static readonly string Bo = Id(Identifier.Email("bo.khan@example.com"));

    public static readonly string Tester = Id(Identifier.Email("qa@example.com"));

    public static readonly DateTime MergedAt = new(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime Acquired = new(2024, 11, 2, 9, 30, 0, DateTimeKind.Utc);

    public static ProjectionBatch Batch()
    {
        var batch = new ProjectionBatch();
        (string Id, DateTime Ts, decimal Amount, string Unit)[] annOrders =
        [
            ("a-1", new(2025, 1, 10, 9, 0, 0, DateTimeKind.Utc), 100m, "online"),
            ("a-2", new(2025, 2, 3, 12, 0, 0, DateTimeKind.Utc), 50m, "retail"),
            ("a-3", new(2025, 4, 20, 18, 15, 0, DateTimeKind.Utc), 25.5m, "online"),
        ];
        batch.Changes.Add(Change(Ann, 3, "ann.lee@example.com", "Ann", "Lee", VisibilityStatus.VISIBLE, annOrders));
        batch.Changes.Add(new CustomerChange { CustomerId = OldAnn, Version = 2, ChangedAt = MergedAt, Removed = true, MergedInto = Ann });
        batch.Changes.Add(Change(Bo, 1, "bo.khan@example.com", "Bo", "Khan", VisibilityStatus.VISIBLE, [("b-1", new(2025, 3, 5, 18, 0, 0, DateTimeKind.Utc), 300m, "retail")]));
        batch.Changes.Add(Change(Tester, 1, "qa@example.com", "Q", "A", VisibilityStatus.TEST, []));
        // The records that linked Ann's identifiers (what explain and the graph's edges show); the device was Bo's
        // first (his login, older), then Ann logged in on it: the latest login wins it.
        foreach (var (identifier, customer, version, evidence) in new (string, string, long, Evidence?)[]
                 {
                     ("email:ann.lee@example.com", Ann, 1, null),
                     ("crm:7", Ann, 2, new("email:ann.lee@example.com", "crm", "customers_crm.csv:2", Acquired)),
                     ("shop:u-9", Ann, 3, new("email:ann.lee@example.com", "shop", "orders.csv:5", MergedAt)),
                     ("device:d-1", Bo, 1, new("email:bo.khan@example.com", "web", "web.ndjson:3", Acquired.AddDays(1))),
                     ("device:d-1", Ann, 4, new("crm:7", "web", "web.ndjson:8", MergedAt.AddDays(1))),
                     ("email:bo.khan@example.com", Bo, 1, null), ("email:qa@example.com", Tester, 1, null),
                 })
        {
            batch.Links.Add(new IdentityLink
            {
                Identifier = identifier, CustomerId = customer, Version = version, FirstSeenTs = Acquired,
                SourceSystem = identifier.StartsWith("email:", StringComparison.Ordinal) ? null : identifier.Split(':')[0],
                LinkedIdentifier = evidence?.Linked, EvidenceSourceSystem = evidence?.Source, EvidenceRef = evidence?.Ref, EvidenceTs = evidence?.Ts,
            });
        }

        batch.Merges.Add(new CustomerMerged
        {
            EventId = "merge-1", MergedId = OldAnn, SurvivorId = Ann, Version = 1, MergedAt = MergedAt, Reason = "same_source_id", LinkingIdentifier = "shop:u-9",
        });
        return batch;
    }

    /// <summary>The record that linked an identifier to <paramref name="Linked"/>.</summary>
    private sealed record Evidence(string Linked, string Source, string Ref, DateTime Ts);

    private static string Id(Identifier identifier) => Customer360Id.From(identifier).Value;

    private static CustomerChange Change(
        string id, long version, string email, string first, string last, VisibilityStatus visibility, (string Id, DateTime Ts, decimal Amount, string Unit)[] orders)
    {
        var amounts = orders.Select(o => o.Amount).Order().ToList();
        var change = new CustomerChange
        {
            CustomerId = id,
            Version = version,
            ChangedAt = MergedAt,
            Summary = new CustomerSummary
            {
                VisibilityStatus = visibility, AcquisitionTs = Acquired, AcquisitionSource = "crm", Email = email, FirstName = first, LastName = last,
                Country = "DE", City = "Berlin", Identifiers = [$"email:{email}"],
                LifetimeValue = amounts.Sum(), TotalTransactions = amounts.Count,
                FirstTransactionTs = orders.Length == 0 ? null : orders.Min(o => o.Ts), LastTransactionTs = orders.Length == 0 ? null : orders.Max(o => o.Ts),
                AvgTransactionValue = amounts.Count == 0 ? null : Math.Round(amounts.Average(), 4),
                MinTransactionValue = amounts.Count == 0 ? null : amounts[0], MaxTransactionValue = amounts.Count == 0 ? null : amounts[^1],
                MedianTransactionValue = amounts.Count == 0 ? null : amounts[amounts.Count / 2],
            },
        };
        foreach (var grain in new[] { Grain.MONTH, Grain.QUARTER, Grain.YEAR })
        {
            foreach (var period in orders.GroupBy(o => Start(grain, o.Ts)))
            {
                change.Periods.Add(new PeriodRow
                {
                    Grain = grain, PeriodStart = period.Key, OrderCount = period.Count(), Revenue = period.Sum(o => o.Amount),
                    FirstOrderTs = period.Min(o => o.Ts), LastOrderTs = period.Max(o => o.Ts),
                });
            }
        }

        change.Orders.AddRange(orders.Select(o => new OrderRow
        {
            SourceSystem = "shop", OrderId = o.Id, OrderTs = o.Ts, UpdatedAt = o.Ts, Status = OrderStatus.APPROVED, Amount = o.Amount,
            Currency = "EUR", BusinessUnit = o.Unit, Category = "books",
        }));
        return change;
    }

    private static DateTime Start(Grain grain, DateTime ts) => grain switch
    {
        Grain.MONTH => new DateTime(ts.Year, ts.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        Grain.QUARTER => new DateTime(ts.Year, ((ts.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc),
        _ => new DateTime(ts.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };
}
