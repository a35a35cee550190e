namespace CustomerStream.Projection.Documents;

/// <summary>One rejected input record; the ID is the rejection id, so a re-sent bad record is stored once.</summary>
public sealed class RejectedRecordDocument
{
    public string Id { get; set; } = "";
    public string SourceSystem { get; set; } = "";
    public string Entity { get; set; } = "";
    public string InputRef { get; set; } = "";
    public string ReasonCode { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Raw { get; set; } = "";
    public byte[]? RawBytes { get; set; }
    public DateTime RejectedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
