namespace CustomerStream.Contracts.Ingest;

/// <summary>Status of an order version (Avro enum <c>OrderStatus</c>).</summary>
public enum OrderStatus
{
    APPROVED,
    PENDING,
    DECLINED,
    REFUNDED,
    CANCELLED,
}
