using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Generation;

namespace CustomerStream.Ingest.Tests;

/// <summary>The ground truth's rules on hand-made records, following the examples of contracts/README.md.</summary>
public sealed class ContractOracleTests
{
    private static readonly DateTime T0 = new(2023, 1, 10, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_contract_example_stitches_ann_and_keeps_the_malformed_email_apart()
    {
        var masters = new List<MasterVersion>
        {
            Master("crm", "123", "ann@example.com", created: T0),
            Master("crm", "555", null, created: T0.AddDays(40)),
        };
        var orders = new List<OrderVersion> { Order("shop", "o-1", "u-77", "ann@example.com", T0.AddDays(30), OrderStatus.APPROVED, 50m) };
        var events = new List<WebEventIntent>
        {
            Event("e-3", T0.AddDays(31), "page_view", device: "d1"),
            Event("e-4", T0.AddDays(32), "login", device: "d1", user: "u-77"),
        };

        var (customers, anonymous) = ContractOracle.Evaluate(masters, orders, events);

        Assert.Empty(anonymous);
        var ann = Assert.Single(customers, c => c.Identifiers.Contains("crm:123"));
        Assert.Equal(["crm:123", "email:ann@example.com", "shop:u-77"], ann.Identifiers);
        // crm:123 and the e-mail were acquired at the same instant (the CRM record): the smaller derived ID names Ann.
        var tie = new[] { "crm:123", "email:ann@example.com" }.Select(i => Customer360Id.From(Identifier.Parse(i)).Value).Min(StringComparer.Ordinal);
        Assert.Equal(tie, ann.CustomerId);
        Assert.Equal(T0, ann.AcquisitionTs);
        Assert.Equal("crm", ann.AcquisitionSource);
        var february = Assert.Single(ann.Months);
        Assert.Equal((1, 50m, 2, 1), (february.OrderCount, february.Revenue, february.WebSessions, february.PageViews));
        var y = Assert.Single(customers, c => c.Identifiers.Contains("crm:555"));
        Assert.Equal(["crm:555"], y.Identifiers);
    }

    [Fact]
    public void A_shared_device_moves_to_the_latest_login_and_earlier_anonymous_history_joins_the_first()
    {
        var events = new List<WebEventIntent>
        {
            Event("before", T0.AddDays(1), "page_view", device: "d", session: "s1"),
            Event("ann-login", T0.AddDays(2), "login", device: "d", user: "ann", session: "s2"),
            Event("between", T0.AddDays(3), "page_view", device: "d", session: "s3"),
            Event("bob-login", T0.AddDays(4), "login", device: "d", user: "bob", session: "s4"),
            Event("after", T0.AddDays(5), "page_view", device: "d", session: "s5"),
        };

        var (customers, anonymous) = ContractOracle.Evaluate([], [], events);

        Assert.Empty(anonymous);
        var ann = Assert.Single(customers, c => c.Identifiers.SequenceEqual(["shop:ann"]));
        var bob = Assert.Single(customers, c => c.Identifiers.SequenceEqual(["shop:bob"]));
        Assert.Equal((3, 2), (ann.Months.Single().WebSessions, ann.Months.Single().PageViews));
        Assert.Equal((2, 1), (bob.Months.Single().WebSessions, bob.Months.Single().PageViews));
        Assert.Equal(T0.AddDays(2), ann.AcquisitionTs);
    }

    [Fact]
    public void A_device_without_any_login_is_an_anonymous_profile_keyed_by_the_device()
    {
        var (customers, anonymous) = ContractOracle.Evaluate([], [], [Event("e", T0, "page_view", device: "d9", cookie: "k9")]);

        Assert.Empty(customers);
        var profile = Assert.Single(anonymous);
        Assert.Equal("anonymous", profile.VisibilityStatus);
        Assert.Equal(["cookie:k9", "device:d9"], profile.Identifiers);
        Assert.Equal(Customer360Id.From(Identifier.Parse("device:d9")).Value, profile.CustomerId);
    }

    [Fact]
    public void Visibility_is_test_before_deleted_before_visible_and_uses_the_latest_versions()
    {
        var masters = new List<MasterVersion>
        {
            // Deleted at every source (latest versions), linked by e-mail.
            Master("crm", "1", "gone@example.com", T0),
            Master("crm", "1", "gone@example.com", T0, updated: T0.AddDays(5), status: CustomerStatus.DELETED),
            Master("shop", "1", "gone@example.com", T0.AddDays(1), status: CustomerStatus.DELETED),
            // Deleted at one source only.
            Master("crm", "2", "half@example.com", T0),
            Master("shop", "2", "half@example.com", T0, status: CustomerStatus.DELETED),
            // Deleted, then restored by a later version.
            Master("crm", "3", null, T0, updated: T0.AddDays(1), status: CustomerStatus.DELETED),
            Master("crm", "3", null, T0, updated: T0.AddDays(2)),
            // A deleted test account.
            Master("crm", "4", null, T0, status: CustomerStatus.DELETED, test: true),
        };

        var (customers, _) = ContractOracle.Evaluate(masters, [], []);

        string Of(string id) => customers.Single(c => c.Identifiers.Contains(id)).VisibilityStatus;
        Assert.Equal("deleted", Of("crm:1"));
        Assert.Equal("visible", Of("crm:2"));
        Assert.Equal("visible", Of("crm:3"));
        Assert.Equal("test", Of("crm:4"));
    }

    [Fact]
    public void The_newest_order_version_counts_and_refunds_go_to_refunded_amount_in_the_order_month()
    {
        var orders = new List<OrderVersion>
        {
            Order("shop", "a", "u", null, T0, OrderStatus.APPROVED, 100m),
            Order("shop", "a", "u", null, T0, OrderStatus.REFUNDED, 100m, updated: T0.AddMonths(2)),
            Order("shop", "b", "u", null, T0.AddDays(1), OrderStatus.PENDING, 30m),
            Order("shop", "b", "u", null, T0.AddDays(1), OrderStatus.APPROVED, 30m, updated: T0.AddDays(3)),
            Order("shop", "c", "u", null, T0.AddDays(2), OrderStatus.APPROVED, 80m, updated: T0.AddDays(9)),
            Order("shop", "c", "u", null, T0.AddDays(2), OrderStatus.APPROVED, 70m, updated: T0.AddDays(4)),
        };

        var customer = Assert.Single(ContractOracle.Evaluate([], orders, []).Customers);

        var january = Assert.Single(customer.Months);
        Assert.Equal("2023-01", january.Month);
        Assert.Equal((2, 110m, 100m), (january.OrderCount, january.Revenue, january.RefundedAmount));
        // The order later refunded was still approved first: it is acquisition evidence.
        Assert.Equal(T0, customer.AcquisitionTs);
    }

    [Fact]
    public void Two_addresses_that_nothing_links_are_two_customers()
    {
        var masters = new List<MasterVersion>
        {
            Master("crm", "7", "ann@work.example.com", T0),
            Master("shop", "u-7", "ann@home.example.com", T0.AddDays(3)),
        };

        Assert.Equal(2, ContractOracle.Evaluate(masters, [], []).Customers.Count);
    }

    private static MasterVersion Master(string source, string id, string? email, DateTime created, DateTime? updated = null, CustomerStatus status = CustomerStatus.ACTIVE, bool test = false) => new()
    {
        Source = source,
        CustomerId = id,
        EmailText = email ?? "",
        Email = email,
        Created = new Stamp(created, "x"),
        Updated = updated is null ? null : new Stamp(updated.Value, "x"),
        StatusText = status.ToString(),
        Status = status,
        IsTest = test,
    };

    private static OrderVersion Order(string source, string id, string? customer, string? email, DateTime ts, OrderStatus status, decimal amount, DateTime? updated = null) => new()
    {
        Source = source,
        OrderId = id,
        CustomerId = customer,
        EmailText = email ?? "",
        Email = email,
        OrderTs = new Stamp(ts, "x"),
        Updated = updated is null ? null : new Stamp(updated.Value, "x"),
        StatusText = status.ToString(),
        Status = status,
        Amount = amount,
        AmountText = "x",
        CurrencyText = "EUR",
    };

    private static WebEventIntent Event(string id, DateTime ts, string type, string? device = null, string? cookie = null, string? user = null, string? session = null) => new()
    {
        EventId = id,
        Ts = new Stamp(ts, "x"),
        Type = type,
        DeviceId = device,
        CookieId = cookie,
        UserId = user,
        UserSource = user is null ? null : "shop",
        UserSourceText = user is null ? null : "shop",
        SessionId = session ?? $"s-{id}",
    };
}
