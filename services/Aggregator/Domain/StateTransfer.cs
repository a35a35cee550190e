namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// A merged-away customer's whole state on its way to the survivor's task. <see cref="TargetId"/> is
/// where it is sent (the survivor, or the survivor's own survivor when it is forwarded along a chain
/// of merges); <see cref="Id"/> makes it applied exactly once.
/// </summary>
public sealed record StateTransfer(string TargetId, string LoserId, long MergeSeq, CustomerState Payload)
{
    public TransferId Id => new(LoserId, MergeSeq);
}
