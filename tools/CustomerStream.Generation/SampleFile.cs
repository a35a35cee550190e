using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Generation;

/// <summary>One output file of the sample: its name, entity, header (CSV) and column order.</summary>
internal sealed record SampleFile(string Name, IngestEntity Entity, IReadOnlyList<string>? Columns)
{
    public bool IsCsv => Columns is not null;
}

/// <summary>The files a sample consists of.</summary>
internal static class SampleFiles
{
    /// <summary>The CRM export: its own column order and an extra column (<c>notes</c>) ingest ignores.</summary>
    public static readonly SampleFile CustomersCrm = new("customers_crm.csv", IngestEntity.Customers,
        ["source_customer_id", "source_system", "status", "first_name", "last_name", "email", "phone", "city", "country", "created_at", "updated_at", "is_test", "notes"]);

    public static readonly SampleFile CustomersShop = new("customers_shop.csv", IngestEntity.Customers,
        ["source_system", "source_customer_id", "email", "first_name", "last_name", "phone", "country", "city", "created_at", "updated_at", "status", "is_test"]);

    public static readonly SampleFile OrdersCrm = new("orders_crm.csv", IngestEntity.Orders,
        ["order_id", "source_system", "source_customer_id", "customer_email", "order_ts", "updated_at", "status", "amount", "currency", "business_unit", "category", "product_id", "quantity"]);

    public static readonly SampleFile OrdersShop = new("orders_shop.csv", IngestEntity.Orders,
        ["source_system", "order_id", "source_customer_id", "customer_email", "order_ts", "updated_at", "status", "amount", "currency", "business_unit", "category", "product_id", "quantity"]);

    public static readonly SampleFile WebEventsSite = new("web_events_site.ndjson", IngestEntity.WebEvents, null);

    /// <summary>The mobile app's events: <c>source_system</c> app, user ids without <c>user_source</c> (the source's default applies).</summary>
    public static readonly SampleFile WebEventsApp = new("web_events_app.ndjson", IngestEntity.WebEvents, null);

    public static readonly IReadOnlyList<SampleFile> All = [CustomersCrm, CustomersShop, OrdersCrm, OrdersShop, WebEventsSite, WebEventsApp];
}
