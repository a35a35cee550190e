namespace CustomerStream.Ingest.Normalization;

/// <summary>The three kinds of input of SPEC §6.</summary>
public enum IngestEntity
{
    Customers,
    Orders,
    WebEvents,
}
