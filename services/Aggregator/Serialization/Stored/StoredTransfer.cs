namespace CustomerStream.Aggregator.Serialization.Stored;

/// <summary>A <see cref="Domain.StateTransfer"/> as the state schema declares it (record <c>StateTransfer</c>).</summary>
internal sealed class StoredTransfer
{
    public string TargetId { get; set; } = "";

    public string LoserId { get; set; } = "";

    public long MergeSeq { get; set; }

    public long RouteSeq { get; set; }

    public StoredCustomerState Payload { get; set; } = new();
}
