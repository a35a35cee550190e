using Avro.Reflect;

namespace CustomerStream.Contracts.Erasure;

/// <summary>
/// Internal: one entry of the erasure ledger (topic <c>erasure.requests.v1</c>, key erasure_id). No personal
/// data: <see cref="Subject"/> is a Customer360 ID (the customer's, an alias, or the one an identifier derives).
/// </summary>
[AvroContract("customerstream.erasure.ErasureRequest")]
public sealed class ErasureRequest
{
    /// <summary><see cref="SubjectKind"/> of a request that named a Customer360 ID.</summary>
    public const string CustomerIdKind = "customer_id";

    /// <summary><see cref="SubjectKind"/> of a request that named an identifier (its derived ID is the subject).</summary>
    public const string IdentifierKind = "identifier";

    [AvroField("erasure_id")] public string ErasureId { get; set; } = "";
    [AvroField("subject")] public string Subject { get; set; } = "";
    [AvroField("subject_kind")] public string SubjectKind { get; set; } = "";
    [AvroField("requested_at")] public DateTime RequestedAt { get; set; }
    [AvroField("requested_by")] public string? RequestedBy { get; set; }
    [AvroField("reason")] public string? Reason { get; set; }
}
