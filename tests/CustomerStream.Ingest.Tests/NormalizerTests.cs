using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest.Tests;

public sealed class NormalizerTests
{
    private static Dictionary<string, string?> Customer(params (string Name, string? Value)[] overrides)
    {
        var fields = new Dictionary<string, string?>
        {
            ["source_system"] = "shop",
            ["source_customer_id"] = " u-77 ",
            ["email"] = " Ann.Smith@Example.com ",
            ["first_name"] = "Ann",
            ["last_name"] = "Smith",
            ["phone"] = "+49 30 1234",
            ["country"] = "Germany",
            ["city"] = "Berlin",
            ["created_at"] = "2023-01-10T09:00:00Z",
            ["updated_at"] = "2023-02-01T10:00:00+01:00",
            ["status"] = "Active",
            ["is_test"] = "no",
        };
        foreach (var (name, value) in overrides)
        {
            fields[name] = value;
        }

        return fields;
    }

    private static Dictionary<string, string?> Order(params (string Name, string? Value)[] overrides)
    {
        var fields = new Dictionary<string, string?>
        {
            ["source_system"] = "shop",
            ["order_id"] = "o-1",
            ["source_customer_id"] = "u-77",
            ["customer_email"] = "ANN.smith@example.com ",
            ["order_ts"] = "2024-03-05T14:30:00+01:00",
            ["updated_at"] = "",
            ["status"] = "APPROVED",
            ["amount"] = "129.90",
            ["currency"] = "eur",
            ["business_unit"] = "",
            ["category"] = "shoes",
            ["product_id"] = "p-9",
            ["quantity"] = "2",
        };
        foreach (var (name, value) in overrides)
        {
            fields[name] = value;
        }

        return fields;
    }

    private static Dictionary<string, string?> Event(params (string Name, string? Value)[] overrides)
    {
        var fields = new Dictionary<string, string?>
        {
            ["event_id"] = "e-1",
            ["ts"] = "1709649000123",
            ["type"] = "page_view",
            ["device_id"] = "d-1",
            ["cookie_id"] = "k-1",
            ["user_id"] = "",
            ["user_source"] = "",
            ["email"] = "",
            ["session_id"] = "s-1",
            ["url"] = "https://shop.example.com/",
            ["referrer"] = "",
        };
        foreach (var (name, value) in overrides)
        {
            fields[name] = value;
        }

        return fields;
    }

    [Fact]
    public void A_customer_record_is_normalized_field_by_field()
    {
        var outcome = Harness.Record(IngestEntity.Customers, Customer());
        var c = outcome.As<CustomerRecord>();
        Assert.Equal("shop", c.SourceSystem);
        Assert.Equal("u-77", c.SourceCustomerId);
        Assert.Equal("ann.smith@example.com", c.Email);
        Assert.Equal(" Ann.Smith@Example.com ", c.EmailRaw);
        Assert.True(c.EmailValid);
        Assert.Equal("DE", c.Country);
        Assert.Equal(new DateTime(2023, 1, 10, 9, 0, 0, DateTimeKind.Utc), c.CreatedAt);
        Assert.Equal(new DateTime(2023, 2, 1, 9, 0, 0, DateTimeKind.Utc), c.UpdatedAt);
        Assert.Equal(CustomerStatus.ACTIVE, c.Status);
        Assert.False(c.IsTest);
        Assert.Equal("test:1", c.SourceRef);
        Assert.Equal(Harness.Now, c.IngestedAt);
        Assert.Matches("^[0-9a-f]{64}$", c.RecordHash);
        Assert.Equal("shop:u-77", outcome.Key);
    }

    [Fact]
    public void A_customer_without_updated_at_is_versioned_by_created_at()
    {
        var c = Harness.Record(IngestEntity.Customers, Customer(("updated_at", ""))).As<CustomerRecord>();
        Assert.Equal(c.CreatedAt, c.UpdatedAt);
    }

    [Fact]
    public void A_customer_with_only_updated_at_is_accepted_without_created_at()
    {
        var c = Harness.Record(IngestEntity.Customers, Customer(("created_at", null))).As<CustomerRecord>();
        Assert.Null(c.CreatedAt);
        Assert.Equal(new DateTime(2023, 2, 1, 9, 0, 0, DateTimeKind.Utc), c.UpdatedAt);
    }

    [Fact]
    public void A_malformed_email_is_kept_raw_and_flagged_but_the_customer_is_accepted()
    {
        var c = Harness.Record(IngestEntity.Customers, Customer(("email", "ann@"))).As<CustomerRecord>();
        Assert.Null(c.Email);
        Assert.Equal("ann@", c.EmailRaw);
        Assert.False(c.EmailValid);
    }

    [Theory]
    [InlineData("deleted", CustomerStatus.DELETED)]
    [InlineData("INACTIVE", CustomerStatus.INACTIVE)]
    [InlineData(" Active ", CustomerStatus.ACTIVE)]
    public void Customer_status_is_read_in_any_case(string text, CustomerStatus status) =>
        Assert.Equal(status, Harness.Record(IngestEntity.Customers, Customer(("status", text))).As<CustomerRecord>().Status);

    [Theory]
    [InlineData("yes", true)]
    [InlineData("1", true)]
    [InlineData("TRUE", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("0", false)]
    public void Is_test_is_optional(string? text, bool isTest) =>
        Assert.Equal(isTest, Harness.Record(IngestEntity.Customers, Customer(("is_test", text))).As<CustomerRecord>().IsTest);

    [Fact]
    public void Us_dates_and_the_source_time_zone_apply_to_sources_configured_so()
    {
        var c = Harness.Record(IngestEntity.Customers, Customer(("source_system", "CRM"), ("created_at", "01/10/2023"), ("updated_at", "02/01/2023 3:00 PM")))
            .As<CustomerRecord>();
        Assert.Equal("crm", c.SourceSystem);
        Assert.Equal(new DateTime(2023, 1, 10, 5, 0, 0, DateTimeKind.Utc), c.CreatedAt);
        Assert.Equal(new DateTime(2023, 2, 1, 20, 0, 0, DateTimeKind.Utc), c.UpdatedAt);
    }

    [Fact]
    public void The_source_option_fills_in_a_missing_source_system_but_a_records_own_wins()
    {
        Assert.Equal("crm", Harness.Record(IngestEntity.Customers, Customer(("source_system", "")), defaultSource: "crm").As<CustomerRecord>().SourceSystem);
        Assert.Equal("shop", Harness.Record(IngestEntity.Customers, Customer(), defaultSource: "crm").As<CustomerRecord>().SourceSystem);
    }

    [Fact]
    public void An_exact_resend_has_the_same_hash_and_a_changed_record_another()
    {
        var first = Harness.Record(IngestEntity.Customers, Customer()).As<CustomerRecord>();
        var set = FieldSet.For(IngestEntity.Customers);
        var values = new RawValue[set.Count];
        foreach (var (name, text) in Customer())
        {
            values[set.IndexOf(name)] = RawValue.Of(text);
        }

        var resent = new CustomerNormalizer(Harness.Profiles).Normalize(values, new RecordContext("other.csv:99", Harness.Now.AddDays(3))).Value!;
        var changed = Harness.Record(IngestEntity.Customers, Customer(("city", "Hamburg"))).As<CustomerRecord>();
        Assert.Equal(first.RecordHash, resent.RecordHash);
        Assert.NotEqual(first.RecordHash, changed.RecordHash);
    }

    [Fact]
    public void An_order_record_is_normalized_with_defaults()
    {
        var outcome = Harness.Record(IngestEntity.Orders, Order());
        var o = outcome.As<OrderRecord>();
        Assert.Equal("o-1", o.OrderId);
        Assert.Equal("u-77", o.SourceCustomerId);
        Assert.Equal("ann.smith@example.com", o.CustomerEmail);
        Assert.True(o.CustomerEmailValid);
        Assert.Equal(new DateTime(2024, 3, 5, 13, 30, 0, DateTimeKind.Utc), o.OrderTs);
        Assert.Equal(o.OrderTs, o.UpdatedAt);
        Assert.Equal(OrderStatus.APPROVED, o.Status);
        Assert.Equal(129.90m, o.Amount);
        Assert.Equal("EUR", o.Currency);
        Assert.Equal("default", o.BusinessUnit);
        Assert.Equal(2, o.Quantity);
        Assert.Equal("shop:o-1", outcome.Key);
    }

    [Theory]
    [InlineData("approved", OrderStatus.APPROVED)]
    [InlineData("Pending", OrderStatus.PENDING)]
    [InlineData("DECLINED", OrderStatus.DECLINED)]
    [InlineData("refunded", OrderStatus.REFUNDED)]
    [InlineData("cancelled", OrderStatus.CANCELLED)]
    [InlineData("canceled", OrderStatus.CANCELLED)]
    public void Order_status_is_read_in_any_case(string text, OrderStatus status) =>
        Assert.Equal(status, Harness.Record(IngestEntity.Orders, Order(("status", text))).As<OrderRecord>().Status);

    [Fact]
    public void A_guest_checkout_with_a_valid_email_is_accepted()
    {
        var o = Harness.Record(IngestEntity.Orders, Order(("source_customer_id", ""))).As<OrderRecord>();
        Assert.Null(o.SourceCustomerId);
        Assert.Equal("ann.smith@example.com", o.CustomerEmail);
    }

    [Fact]
    public void An_order_with_a_customer_id_and_a_malformed_email_is_accepted()
    {
        var o = Harness.Record(IngestEntity.Orders, Order(("customer_email", "ann at example"))).As<OrderRecord>();
        Assert.False(o.CustomerEmailValid);
        Assert.Equal("ann at example", o.CustomerEmailRaw);
    }

    [Fact]
    public void A_later_version_of_an_order_keeps_its_key_and_gets_another_hash()
    {
        var v1 = Harness.Record(IngestEntity.Orders, Order());
        var v2 = Harness.Record(IngestEntity.Orders, Order(("status", "refunded"), ("updated_at", "2024-03-20T10:00:00Z")));
        Assert.Equal(v1.Key, v2.Key);
        Assert.NotEqual(v1.As<OrderRecord>().RecordHash, v2.As<OrderRecord>().RecordHash);
        Assert.Equal(new DateTime(2024, 3, 20, 10, 0, 0, DateTimeKind.Utc), v2.As<OrderRecord>().UpdatedAt);
    }

    [Fact]
    public void Equal_amounts_written_differently_hash_alike()
    {
        var a = Harness.Record(IngestEntity.Orders, Order(("amount", "10.5"))).As<OrderRecord>();
        var b = Harness.Record(IngestEntity.Orders, Order(("amount", "10.50"))).As<OrderRecord>();
        Assert.Equal(a.RecordHash, b.RecordHash);
    }

    [Fact]
    public void A_named_business_unit_is_kept()
    {
        Assert.Equal("retail", Harness.Record(IngestEntity.Orders, Order(("business_unit", " retail "))).As<OrderRecord>().BusinessUnit);
    }

    [Fact]
    public void An_anonymous_web_event_is_normalized()
    {
        var outcome = Harness.Record(IngestEntity.WebEvents, Event());
        var e = outcome.As<WebEvent>();
        Assert.Equal(new DateTime(2024, 3, 5, 14, 30, 0, 123, DateTimeKind.Utc), e.Ts);
        Assert.Equal("page_view", e.Type);
        Assert.Null(e.UserId);
        Assert.Equal("web", e.SourceSystem);
        Assert.Equal("e-1", outcome.Key);
    }

    [Fact]
    public void A_logged_in_web_event_keeps_its_user_and_lower_cases_the_user_source()
    {
        var e = Harness.Record(IngestEntity.WebEvents, Event(("type", "Login"), ("user_id", "u-77"), ("user_source", "Shop"), ("email", " ANN@example.com")))
            .As<WebEvent>();
        Assert.Equal("login", e.Type);
        Assert.Equal("u-77", e.UserId);
        Assert.Equal("shop", e.UserSource);
        Assert.Equal("ann@example.com", e.Email);
    }

    [Fact]
    public void A_source_with_a_default_user_source_supplies_it()
    {
        var e = Harness.Record(IngestEntity.WebEvents, Event(("user_id", "u-77")), defaultSource: "app").As<WebEvent>();
        Assert.Equal("app", e.SourceSystem);
        Assert.Equal("shop", e.UserSource);
    }

    [Theory]
    [InlineData("device_id")]
    [InlineData("cookie_id")]
    public void One_weak_identifier_is_enough_for_a_web_event(string kept)
    {
        var fields = Event(("device_id", ""), ("cookie_id", ""));
        fields[kept] = "x-1";
        Assert.True(Harness.Record(IngestEntity.WebEvents, fields).Record is WebEvent);
    }

    [Fact]
    public void An_email_alone_identifies_a_web_event()
    {
        var e = Harness.Record(IngestEntity.WebEvents, Event(("device_id", ""), ("cookie_id", ""), ("email", "ann@example.com"), ("type", "signup")))
            .As<WebEvent>();
        Assert.Equal("ann@example.com", e.Email);
    }

    [Fact]
    public void Sql_looking_text_passes_through_as_data()
    {
        const string sql = "'); DROP TABLE x;--";
        var c = Harness.Record(IngestEntity.Customers, Customer(("last_name", sql), ("city", "Robert'); DELETE FROM mart.orders;--"))).As<CustomerRecord>();
        Assert.Equal(sql, c.LastName);
        Assert.Equal("Robert'); DELETE FROM mart.orders;--", c.City);
    }

    [Fact]
    public void Rejections_name_the_field_and_the_value()
    {
        var outcome = Harness.Record(IngestEntity.Orders, Order(("amount", "12,50")));
        Assert.Equal(ReasonCodes.BadAmount, outcome.ReasonCode);
        Assert.Contains("'amount'", outcome.Rejected!.Reason);
        Assert.Contains("'12,50'", outcome.Rejected.Reason);
        Assert.Equal("shop", outcome.Rejected.SourceSystem);
        Assert.Equal("orders", outcome.Rejected.Entity);
        Assert.Equal("test:1", outcome.Rejected.InputRef);
        Assert.Matches("^[0-9a-f]{64}$", outcome.Rejected.RejectionId);
    }

    [Fact]
    public void The_same_bad_record_sent_again_gets_the_same_rejection_id()
    {
        var a = Harness.Record(IngestEntity.Orders, Order(("amount", "NaN")));
        var b = Harness.Record(IngestEntity.Orders, Order(("amount", "NaN")));
        Assert.Equal(a.Rejected!.RejectionId, b.Rejected!.RejectionId);
    }
}
