namespace CustomerStream.Ingest.Normalization;

/// <summary>The three kinds of input: customers, orders, web events.</summary>
public enum IngestEntity
{
    Customers,
    Orders,
    WebEvents,
}
