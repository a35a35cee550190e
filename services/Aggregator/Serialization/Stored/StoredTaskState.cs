namespace CustomerStream.Aggregator.Serialization.Stored;

/// <summary>An <see cref="Domain.AggregatorTaskState"/> as the state schema declares it (record <c>AggregatorTaskState</c>).</summary>
internal sealed class StoredTaskState
{
    public long FactWatermark { get; set; }

    public long Batches { get; set; }

    public List<StoredTransfer> Parked { get; set; } = [];
}
