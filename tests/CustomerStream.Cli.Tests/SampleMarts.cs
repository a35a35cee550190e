using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Cli.Tests;

/// <summary>
/// A small, hand-checked picture of what the aggregator and identity publish: Alice (two orders, later
/// merged with Carol, who brings a third), Bob (one retail order), a test account, their links, one merge
/// and one rejection. Alice's and Bob's figures are what the commands must show.
/// </summary>
internal static class SampleMarts
{
    public const string Alice = "c360_a0000000000000000000";
    public const string Bob = "c360_b0000000000000000000";
    public const string Carol = "c360_c0000000000000000000";
    public const string Tester = "c360_d0000000000000000000";

    private static readonly DateTime At = new(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Every record in delivery order.</summary>
    public static IReadOnlyList<object> Records { get; } = Build();

    private static List<object> Build()
    {
        (string Id, DateTime Ts, decimal Amount, string Unit)[] alice =
        [
            ("a-1", new(2025, 1, 10, 9, 0, 0, DateTimeKind.Utc), 100m, "online"),
            ("a-2", new(2025, 2, 3, 12, 0, 0, DateTimeKind.Utc), 50m, "retail"),
        ];
        (string, DateTime, decimal, string) carolOrder = ("c-1", new(2025, 2, 20, 8, 30, 0, DateTimeKind.Utc), 25.5m, "online");
        (string, DateTime, decimal, string)[] bob = [("b-1", new(2025, 3, 5, 18, 0, 0, DateTimeKind.Utc), 300m, "retail")];

        return
        [
            Change(Alice, 1, VisibilityStatus.VISIBLE, "alice@example.com", "Alice", ["email:alice@example.com", "crm:1"], alice),
            Change(Bob, 1, VisibilityStatus.VISIBLE, "bob@example.com", "Bob", ["email:bob@example.com", "shop:u-2"], bob),
            Change(Carol, 1, VisibilityStatus.VISIBLE, "carol@example.com", "Carol", ["email:carol@example.com"], [carolOrder]),
            Change(Tester, 1, VisibilityStatus.TEST, "qa@example.com", "QA", ["email:qa@example.com"], []),
            Link("email:alice@example.com", Alice, 1), Link("crm:1", Alice, 1), Link("email:bob@example.com", Bob, 1),
            Link("email:carol@example.com", Carol, 1), Link("email:qa@example.com", Tester, 1),
            new CustomerMerged
            {
                EventId = "merge-1", SurvivorId = Alice, MergedId = Carol, Version = 1, MergedAt = At, Reason = "same_email",
                LinkingIdentifier = "email:carol@example.com",
            },
            new CustomerChange { CustomerId = Carol, Version = 2, ChangedAt = At, Removed = true, MergedInto = Alice },
            Change(Alice, 2, VisibilityStatus.VISIBLE, "alice@example.com", "Alice", ["email:alice@example.com", "crm:1", "email:carol@example.com"], [.. alice, carolOrder]),
            Link("email:carol@example.com", Alice, 2),
            new RejectedRecord
            {
                RejectionId = "r-1", SourceSystem = "shop", Entity = "orders", InputRef = "orders.csv:7", ReasonCode = ReasonCodes.BadAmount,
                Reason = "amount 'abc' is not a number", Raw = "o-9,abc", RejectedAt = At,
            },
        ];
    }

    private static IdentityLink Link(string identifier, string customer, long version) => new()
    {
        Identifier = identifier, CustomerId = customer, SourceSystem = identifier.StartsWith("email:", StringComparison.Ordinal) ? null : identifier.Split(':')[0],
        FirstSeenTs = At.AddMonths(-6), Version = version,
    };

    private static CustomerChange Change(
        string id, long version, VisibilityStatus visibility, string email, string firstName, List<string> identifiers, (string Id, DateTime Ts, decimal Amount, string Unit)[] orders)
    {
        var amounts = orders.Select(o => o.Amount).Order().ToList();
        return new CustomerChange
        {
            CustomerId = id,
            Version = version,
            ChangedAt = At,
            Summary = new CustomerSummary
            {
                VisibilityStatus = visibility,
                AcquisitionTs = At.AddMonths(-6),
                AcquisitionSource = "crm",
                Email = email,
                FirstName = firstName,
                LastName = "Example",
                Country = "DE",
                City = "Berlin",
                Identifiers = identifiers,
                LifetimeValue = amounts.Sum(),
                TotalTransactions = amounts.Count,
                FirstTransactionTs = orders.Length == 0 ? null : orders.Min(o => o.Ts),
                LastTransactionTs = orders.Length == 0 ? null : orders.Max(o => o.Ts),
                AvgTransactionValue = amounts.Count == 0 ? null : Math.Round(amounts.Average(), 4),
                MinTransactionValue = amounts.Count == 0 ? null : amounts[0],
                MaxTransactionValue = amounts.Count == 0 ? null : amounts[^1],
                MedianTransactionValue = amounts.Count == 0 ? null : amounts[amounts.Count / 2],
            },
            Periods = Periods(orders),
            Orders = orders.Select(o => new OrderRow
            {
                SourceSystem = "shop", OrderId = o.Id, OrderTs = o.Ts, UpdatedAt = o.Ts, Status = OrderStatus.APPROVED, Amount = o.Amount,
                Currency = "EUR", BusinessUnit = o.Unit, Category = "books",
            }).ToList(),
        };
    }

    private static List<PeriodRow> Periods((string Id, DateTime Ts, decimal Amount, string Unit)[] orders)
    {
        var rows = new List<PeriodRow>();
        foreach (var grain in new[] { Grain.MONTH, Grain.QUARTER, Grain.YEAR })
        {
            foreach (var unit in new string?[] { null }.Concat(orders.Select(o => o.Unit).Distinct()))
            {
                foreach (var period in orders.Where(o => unit is null || o.Unit == unit).GroupBy(o => Start(grain, o.Ts)))
                {
                    rows.Add(new PeriodRow
                    {
                        Grain = grain, PeriodStart = period.Key, BusinessUnit = unit, OrderCount = period.Count(), Revenue = period.Sum(o => o.Amount),
                        FirstOrderTs = period.Min(o => o.Ts), LastOrderTs = period.Max(o => o.Ts),
                    });
                }
            }
        }

        return rows;
    }

    private static DateTime Start(Grain grain, DateTime ts) => grain switch
    {
        Grain.MONTH => new DateTime(ts.Year, ts.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        Grain.QUARTER => new DateTime(ts.Year, ((ts.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc),
        _ => new DateTime(ts.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };
}
