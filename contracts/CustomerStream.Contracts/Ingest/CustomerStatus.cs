namespace CustomerStream.Contracts.Ingest;

/// <summary>Status of a customer-master record (Avro enum <c>CustomerStatus</c>).</summary>
public enum CustomerStatus
{
    ACTIVE,
    INACTIVE,
    DELETED,
}
